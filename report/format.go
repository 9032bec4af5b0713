package report

import "strings"

// GroupDigits puts thousands separators into a plain decimal string such
// as "-1234567.50", giving "-1,234,567.50". Text that is not a plain
// decimal is returned unchanged.
func GroupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" || strings.Trim(intPart, "0123456789") != "" {
		return sign + s
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" || strings.Contains(s, ".") {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

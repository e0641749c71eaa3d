package feedsrv

// CRC-32 (IEEE) of a concatenation from the CRCs of its parts, so that a
// gzip trailer can be made for bytes assembled per request from parts whose
// CRCs were computed once (private_gzip.go). The CRC is a polynomial
// remainder: appending n bytes to a message multiplies its CRC by x^(8n)
// modulo the generator, then adds the CRC of the appended bytes. Bits are
// in the reflected order of crc32.IEEE, where x^0 is the top bit.

// crcPoly is the IEEE generator, reflected (crc32.IEEE).
const crcPoly = 0xedb88320

// crcMul returns a(x)·b(x) modulo the generator.
func crcMul(a, b uint32) uint32 {
	var p uint32
	for range 32 {
		p ^= b & -(a >> 31) // without branches: the bits are random
		b = b>>1 ^ crcPoly&-(b&1)
		a <<= 1
	}
	return p
}

// crcPow2 holds x^(2^k) modulo the generator, for k = 0..63.
var crcPow2 = func() (t [64]uint32) {
	p := uint32(1) << 30 // x^1
	for k := range t {
		t[k] = p
		p = crcMul(p, p)
	}
	return t
}()

// crcShift returns x^(8n) modulo the generator: what a CRC is multiplied
// by when n bytes follow.
func crcShift(n int) uint32 {
	p := uint32(1) << 31 // x^0
	bits := uint64(n) * 8
	for k := 0; bits != 0; k, bits = k+1, bits>>1 {
		if bits&1 != 0 {
			p = crcMul(crcPow2[k], p)
		}
	}
	return p
}

// crcShifter multiplies by one crcShift quickly: a table of the products
// of each nibble in each place (512 bytes), so that the multiplication is 8
// lookups. A private feed's template keeps one per segment.
type crcShifter [8][16]uint32

// newCRCShifter returns the shifter for n bytes.
func newCRCShifter(n int) *crcShifter {
	k := crcShift(n)
	var t crcShifter
	for i := range t {
		for v := range t[i] {
			t[i][v] = crcMul(k, uint32(v)<<(4*i))
		}
	}
	return &t
}

// combine returns the CRC of a message whose first part has CRC a and
// whose second part, of the shifter's length, has CRC b.
func (t *crcShifter) combine(a, b uint32) uint32 {
	return b ^ t[0][a&15] ^ t[1][a>>4&15] ^ t[2][a>>8&15] ^ t[3][a>>12&15] ^
		t[4][a>>16&15] ^ t[5][a>>20&15] ^ t[6][a>>24&15] ^ t[7][a>>28]
}

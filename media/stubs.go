package media

import "fmt"

type flacProber struct{}
type oggProber struct{}
type wavProber struct{}
type adtsProber struct{}

func (flacProber) probe(*src, *Info) error { return fmt.Errorf("%w: FLAC", ErrUnsupported) }
func (oggProber) probe(*src, *Info) error  { return fmt.Errorf("%w: Ogg", ErrUnsupported) }
func (wavProber) probe(*src, *Info) error  { return fmt.Errorf("%w: WAV", ErrUnsupported) }
func (adtsProber) probe(*src, *Info) error { return fmt.Errorf("%w: ADTS AAC", ErrUnsupported) }

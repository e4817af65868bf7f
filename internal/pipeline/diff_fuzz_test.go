package pipeline

import "testing"

// FuzzDiff compares any two valid versions: nothing may panic; a version
// is the same as itself and as its canonical form (formatting changes
// no element); the comparison says "same" both ways or neither, and
// "same" exactly when it lists no change.
func FuzzDiff(f *testing.F) {
	all := exampleSources(f)
	for i, b := range all {
		f.Add(b, all[(i+1)%len(all)])
		f.Add(b, b)
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > 1<<13 || len(b) > 1<<13 {
			return
		}
		if !Check("a.fz", a, Options{}).OK() {
			return
		}
		self, err := Diff("a.fz", a, "a.fz", a)
		if err != nil || !self.Same || len(self.Changes) != 0 {
			t.Fatalf("a version differs from itself: %v %+v", err, self)
		}
		if fr, err := Format("a.fz", a); err == nil {
			d, err := Diff("a.fz", a, "b.fz", fr.Code)
			if err != nil {
				t.Fatalf("the canonical form: %v\n%s", err, fr.Code)
			}
			if !d.Same {
				t.Fatalf("formatting changed elements: %+v\n%s\n%s", d.Changes, a, fr.Code)
			}
		}
		if !Check("b.fz", b, Options{}).OK() {
			return
		}
		ab, err1 := Diff("a.fz", a, "b.fz", b)
		ba, err2 := Diff("b.fz", b, "a.fz", a)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if ab.Same != ba.Same || ab.Same != (len(ab.Changes) == 0) || ba.Same != (len(ba.Changes) == 0) {
			t.Fatalf("same %v (%d changes) one way, %v (%d changes) the other", ab.Same, len(ab.Changes), ba.Same, len(ba.Changes))
		}
	})
}

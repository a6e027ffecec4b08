package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReproducible: the generator, with its fixed seed, writes exactly the
// shipped sample.
func TestReproducible(t *testing.T) {
	path := filepath.Join(t.TempDir(), "responses.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	got, _ := os.ReadFile(path)
	want, err := os.ReadFile("../responses.csv")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("gen does not reproduce ../responses.csv")
	}
}

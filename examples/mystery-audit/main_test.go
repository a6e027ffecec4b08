package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/mysteryshopper"
)

func testConfig(t *testing.T) config {
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	return config{out: t.TempDir(), level: 0.95, minVisits: 20, loc: loc}
}

// The sample hides stories (see gen/main.go); the report must find them.
func TestRunFindsThePlantedStories(t *testing.T) {
	c := testConfig(t)
	var out, warn bytes.Buffer
	if err := run(&out, &warn, c); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"360 visits by 8 shoppers, 2026-01-01 to 2026-06-27 (Europe/Madrid)",
		"  1    1-1   Madrid ",
		"Sevilla      72", "needs 46 %", // Sevilla's weak needs enquiry
		"Weakest items (share of visits that met the item, %)\n  contact ",
		"Weakest sections (mean section score, %)\n  needs ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch {
		case f[0] == "S03" && !strings.HasSuffix(line, "HARSH"),
			f[0] == "S07" && !strings.HasSuffix(line, "LENIENT"),
			f[0] == "S08" && !strings.Contains(line, "small sample"),
			strings.HasPrefix(f[0], "S0") && f[0] != "S03" && f[0] != "S07" &&
				(strings.Contains(line, "HARSH") || strings.Contains(line, "LENIENT")):
			t.Errorf("shopper line wrong: %q", line)
		case f[0] == "Bilbao" && len(f) > 1 && strings.HasPrefix(f[1], "+") && !strings.HasSuffix(line, "changed"):
			t.Errorf("Bilbao's improvement not found: %q", line)
		case (f[0] == "Madrid" || f[0] == "Sevilla" || f[0] == "Valencia" || f[0] == "Zaragoza") &&
			strings.HasSuffix(line, "changed"):
			t.Errorf("a level branch flagged as changed: %q", line)
		}
	}
	if !strings.Contains(text, "Bilbao      +") {
		t.Error("no quarter comparison for Bilbao")
	}
	// Bilbao's gain shows in some items, each reported under it.
	_, after, _ := strings.Cut(text, "  Bilbao      +")
	lines := strings.Split(after, "\n")
	if f := strings.Fields(lines[min(1, len(lines)-1)]); len(f) < 3 || f[1] != "compliance" || !strings.HasPrefix(f[2], "+") {
		t.Errorf("no item change listed under Bilbao: %q", lines[:min(3, len(lines))])
	}
	if warn.Len() != 0 {
		t.Errorf("warnings on the sample: %s", warn.String())
	}
	for _, name := range []string{"score-by-branch.png", "item-compliance.png", "score-by-month.png"} {
		f, err := os.Open(filepath.Join(c.out, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 500 {
			t.Errorf("%s is %v, too small to read", name, b)
		}
	}
}

// ownFiles writes a checklist.json and a visits file of the sample's first
// rows, with bad rows replacing some, into a temporary folder.
func ownFiles(t *testing.T, name string, body string) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "checklist.json"), checklistJSON, 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func sampleCSV(rows int, edit func(line int, fields []string)) string {
	lines := strings.Split(string(visitsCSV), "\n")[:rows+1]
	for i := 1; i < len(lines); i++ {
		f := strings.Split(lines[i], ",")
		if edit != nil {
			edit(i+1, f)
		}
		lines[i] = strings.Join(f, ",")
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestRunOwnCSVReportsBadRows(t *testing.T) {
	// Line 3: courtesy (column 14) rated 9 on 1..5; line 5: no shopper;
	// line 6: a date that is not one; line 7: an answer that is no answer.
	body := sampleCSV(30, func(line int, f []string) {
		switch line {
		case 3:
			f[13] = "9"
		case 5:
			f[3] = ""
		case 6:
			f[1] = "someday"
		case 7:
			f[4] = "perhaps"
		}
	})
	path := ownFiles(t, "visits.csv", body)
	c := testConfig(t)
	c.visits = path
	var out, warn bytes.Buffer
	err := run(&out, &warn, c)
	if err == nil || !strings.Contains(err.Error(), path+":3: column 14 (courtesy)") ||
		!strings.Contains(err.Error(), "out of range 1..5") {
		t.Fatalf("fatal mode: %v", err)
	}
	c.skip = true
	out.Reset()
	if err := run(&out, &warn, c); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		path + ":3: column 14 (courtesy)", path + ":5: column 4 (shopper)", path + ":6: column 2 (date)",
		path + ":7: column 5 (exterior)",
	} {
		if !strings.Contains(warn.String(), want) {
			t.Errorf("warnings lack %q:\n%s", want, warn.String())
		}
	}
	if !strings.Contains(out.String(), "26 visits") {
		t.Errorf("skip mode should report the 26 good visits:\n%s", out.String())
	}
}

func TestRunOwnCSVUnknownColumn(t *testing.T) {
	body := strings.Replace(sampleCSV(5, nil), ",contact\n", ",contacto\n", 1)
	c := testConfig(t)
	c.visits = ownFiles(t, "visits.csv", body)
	err := run(new(bytes.Buffer), new(bytes.Buffer), c)
	if err == nil || !strings.Contains(err.Error(), ":1: column 27 (contacto)") {
		t.Errorf("unknown column: %v", err)
	}
}

func TestRunOwnCSVDuplicateColumn(t *testing.T) {
	body := strings.Replace(sampleCSV(5, nil), ",contact\n", ",courtesy\n", 1)
	c := testConfig(t)
	c.visits = ownFiles(t, "visits.csv", body)
	err := run(new(bytes.Buffer), new(bytes.Buffer), c)
	if err == nil || !strings.Contains(err.Error(), ":1: column 27 (courtesy): a second column") {
		t.Errorf("duplicate column: %v", err)
	}
}

func TestRunOwnJSON(t *testing.T) {
	// Four visits over two branches; the third answers an item
	// the checklist lacks (line 10: six empty lines precede it).
	answers := func(extra string) string {
		var b strings.Builder
		b.WriteString(`{"exterior":"yes","interior":"yes","comfort":"yes","information":"no","restrooms":"n/a",` +
			`"premises_impression":"4","wait_to_greet":"under 30 s","greeted":"yes","uniform":"yes","courtesy":"5",` +
			`"open_questions":"yes","listened":"yes","summarised":"no","used_name":"no","fitting_solution":"yes",` +
			`"knowledge":"4","terms":"yes","doubts":"yes","next_steps":"yes","thanked":"yes","goodbye":"yes","contact":"no"`)
		b.WriteString(extra + "}")
		return b.String()
	}
	body := "[\n" +
		`{"visit":"A","date":"2026-03-02 10:00","branch":"Norte","shopper":"X","answers":` + answers("") + "},\n" +
		`{"visit":"B","date":"2026-03-03 10:00","branch":"Norte","shopper":"Y","answers":` + answers(`,"extra_offer":"yes"`) + "},\n" +
		"\n\n\n\n\n\n" +
		`{"visit":"C","date":"2026-03-04 10:00","branch":"Sur","shopper":"X","answers":` + answers(`,"smile":"yes"`) + "},\n" +
		`{"visit":"D","date":"2026-03-05 10:00","branch":"Sur","shopper":"Y","answers":` + answers("") + "}\n]\n"
	c := testConfig(t)
	c.visits = ownFiles(t, "visits.json", body)
	err := run(new(bytes.Buffer), new(bytes.Buffer), c)
	if err == nil || !strings.Contains(err.Error(), "visits.json:10: ") || !strings.Contains(err.Error(), `"smile"`) {
		t.Errorf("bad JSON visit: %v", err)
	}
	c.skip = true
	var out, warn bytes.Buffer
	if err := run(&out, &warn, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "3 visits by 2 shoppers") || !strings.Contains(warn.String(), "visits.json:10") {
		t.Errorf("skip mode:\n%s\n%s", out.String(), warn.String())
	}
}

// checklist.json is the English report template, as gen answered it.
func TestChecklistIsTheTemplate(t *testing.T) {
	c, err := readChecklist("")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := mysteryshopper.Report(mysteryshopper.English)
	var a, b bytes.Buffer
	_ = c.WriteJSON(&a)
	_ = want.WriteJSON(&b)
	if a.String() != b.String() {
		t.Error("checklist.json differs from mysteryshopper.Report(English); regenerate the sample")
	}
}

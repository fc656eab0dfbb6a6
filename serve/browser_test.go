package serve

import (
	"context"
	"flag"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var screenshots = flag.String("screenshots", "", "directory the browser test writes its screenshots to (default: a temporary one); docs/screenshots refreshes the README's")

// chromium returns the path of a Chromium to drive, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH: install it (apt-get install -y chromium) to run the browser test; CI does")
	return ""
}

// TestBrowser walks the scenario of issue 18 in headless Chromium: the
// reports list filtered by province, report 003 with a line item clicked
// and its source line lit, the 青川区 → 青山区 repair and a failed check
// with its numbers, and a search for 医疗救助 that lands on the line.
// Screenshots go to -screenshots (go test ./serve -run Browser
// -screenshots ../docs/screenshots refreshes the README's).
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	s := newServer(t, sampleDB(t))
	srv := httptest.NewServer(s)
	defer srv.Close()
	shots := *screenshots
	if shots == "" {
		shots = t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1400, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// A deadline for the whole walk (a timeout on the first call's context
	// would stop the browser at once, so a timer cancels it).
	stop := time.AfterFunc(50*time.Second, cancel)
	defer stop.Stop()

	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The reports list, filtered by province through its facet.
	do("reports list",
		chromedp.Navigate(srv.URL+"/reports"),
		chromedp.WaitVisible(chromedp.CSS(`section[data-facet="province"]`)),
		chromedp.Click(chromedp.CSS(`section[data-facet="province"] a[href*="`+url.QueryEscape("湖北省")+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`section[data-facet="province"] li.sel`)),
	)
	total, rows := text(`h1 .n`), text(`table.reports tbody`)
	shot("reports")
	if total != "1" || !strings.Contains(rows, "003_0fd55ab06607cada.txt") {
		t.Fatalf("filtered by 湖北省: %s reports: %q", total, rows)
	}

	// Report 003: click its first line item; its source line lights up.
	do("report 003", chromedp.Click(chromedp.CSS(`a.doc`)), chromedp.WaitVisible(chromedp.CSS(`.src`)))
	first, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`tr.fact[data-field="line_item"]`), "data-first"))
	if err != nil || !first.Exists {
		t.Fatalf("first line item: %v", err)
	}
	do("click a line item",
		chromedp.ScrollIntoView(chromedp.CSS(`tr.fact[data-field="line_item"]`)),
		chromedp.Click(chromedp.CSS(`tr.fact[data-field="line_item"] td:nth-child(2)`)),
		chromedp.WaitVisible(chromedp.CSS(`#fact-detail dl`)),
		chromedp.WaitVisible(chromedp.CSS(`#L`+first.Value+`.hl`)),
	)
	detail, lit := text(`#fact-detail`), text(`#L`+first.Value+` .tx`)
	shot("report")
	if !strings.Contains(detail, "line_item") || !strings.Contains(detail, "raw") {
		t.Errorf("fact detail: %q", detail)
	}
	if strings.TrimSpace(lit) == "" {
		t.Errorf("line %s lit but empty", first.Value)
	}

	// The repair inline and a failed check with both sides.
	check := text(`.failed-check`)
	repair, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const r = [...document.querySelectorAll(".note.repair")].find(e => e.textContent.includes("青川区"));
		if (!r) return "";
		r.scrollIntoView({block: "center"});
		return r.textContent;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	shot("repair")
	if !strings.Contains(repair, "青川区") || !strings.Contains(repair, "青山区") {
		t.Errorf("repair: %q", repair)
	}
	if !strings.Contains(check, "expected") || !strings.Contains(check, "actual") || !strings.ContainsAny(check, "0123456789") {
		t.Errorf("failed check: %q", check)
	}

	// Search 医疗救助 and follow the first hit to its line.
	do("search",
		chromedp.Navigate(srv.URL+"/search?q="+url.QueryEscape("医疗救助")),
		chromedp.WaitVisible(chromedp.CSS(`.hit`)),
	)
	shot("search")
	hit := text(`.hit .hitline`)
	do("follow the hit", chromedp.Click(chromedp.CSS(`.hit a.where`)), chromedp.WaitVisible(chromedp.CSS(`.src`)))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	n := loc[strings.LastIndex(loc, "#L")+2:]
	target := text(`#L` + n + ` .tx`)
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(":target").id`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hit, "医疗救助") || !strings.Contains(target, "医疗救助") || id != "L"+n {
		t.Errorf("search landed at %s (:target %s) on %q (hit %q)", loc, id, target, hit)
	}
	t.Log("screenshots in", shots)
}

//! The whole journey in Debian's headless Chromium, on a desktop window and
//! on a 390×844 phone viewport, saving a screenshot of every page under
//! `tests/web/screenshots/`. Run by `bash scripts/web-test.sh` (these tests
//! are `#[ignore]`d in the plain `cargo test` run); without Chromium they fail.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::TestApp;
use crate::webdriver::{Driver, Session};

/// The screenshot folder of `kind`, emptied of an earlier run's (once per
/// run: the off-line journey, running alongside, writes there too).
pub(crate) fn shots(kind: &str) -> PathBuf {
    static EMPTIED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/web/screenshots")
        .join(kind);
    let mut emptied = EMPTIED.lock().unwrap();
    if !emptied.iter().any(|k| k == kind) {
        let _ = std::fs::remove_dir_all(&dir);
        emptied.push(kind.to_owned());
    }
    dir
}

struct Journey<'a> {
    app: &'a TestApp,
    s: Session,
    dir: PathBuf,
    n: u32,
}

impl Journey<'_> {
    async fn go(&self, path: &str) {
        self.s.goto(&self.app.url(path)).await;
    }

    async fn shot(&mut self, name: &str) {
        self.n += 1;
        let path = self.dir.join(format!("{:02}-{name}.png", self.n));
        self.s.screenshot(&path).await;
        // Nothing may stick out sideways, at any width.
        let overflow = self
            .s
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
                json!([]),
            )
            .await;
        assert!(
            overflow.as_i64().unwrap_or(0) <= 0,
            "{name}: the page is wider than the viewport by {overflow} px"
        );
    }

    async fn path(&self) -> String {
        let url = self.s.current_url().await;
        url.strip_prefix(&self.app.address)
            .unwrap_or(&url)
            .to_owned()
    }

    /// The API's daily summary, fetched by the page's own session.
    async fn api_summary(&self, date: &str) -> Value {
        self.s
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch('/api/v1/summary/daily?date=' + arguments[0]).then(r => r.json()).then(done);",
                json!([date]),
            )
            .await
    }

    async fn register_and_login(&mut self, user: &str) {
        self.go("/register").await;
        self.s.fill("#username", user).await;
        self.s.fill("#password", "correct horse").await;
        self.s.fill("#password_again", "correct horse").await;
        self.shot("register").await;
        self.s.click("button[type=submit]").await;
        self.s
            .wait_for("the login page", "return location.pathname === '/login'")
            .await;
        assert_eq!(
            self.s.attribute("#username", "value").await.as_deref(),
            Some(user)
        );
        self.s.fill("#password", "correct horse").await;
        self.shot("login").await;
        self.s.click("button[type=submit]").await;
        self.s
            .wait_for("the dashboard", "return location.pathname === '/'")
            .await;
    }
}

fn kcal(v: &Value) -> String {
    let r = v.as_f64().unwrap().round();
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r:.0}")
    }
}

/// Whole kcal as the English pages show them: grouped by thousands
/// ("2,200"; the `data-kcal` attributes are not).
fn grouped_kcal(v: &Value) -> String {
    let plain = kcal(v);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(digits) => ("-", digits),
        None => ("", plain.as_str()),
    };
    let mut out = String::from(sign);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn grams(v: &Value) -> String {
    let r = (v.as_f64().unwrap() * 10.0).round() / 10.0;
    if r == 0.0 {
        "0.0".into()
    } else {
        format!("{r:.1}")
    }
}

#[tokio::test]
#[ignore = "needs Chromium: run by scripts/web-test.sh"]
async fn the_whole_journey_in_chromium() {
    let app = TestApp::spawn().await;
    let mut driver = Driver::start().await;
    let today = chrono::Utc::now().date_naive();
    let date = today.to_string();

    // ---- desktop -------------------------------------------------------
    let mut j = Journey {
        app: &app,
        s: driver.session(1280, 900).await,
        dir: shots("desktop"),
        n: 0,
    };
    j.register_and_login("olivia").await;

    // The page's web app manifest, as Chromium reads it: no errors, the
    // app's name and display mode.
    let manifest = j.s.cdp("Page.getAppManifest", json!({})).await;
    assert!(
        manifest["url"]
            .as_str()
            .unwrap_or_default()
            .ends_with("/manifest.webmanifest"),
        "{manifest}"
    );
    assert_eq!(manifest["errors"], json!([]), "{manifest}");
    let data: Value = serde_json::from_str(manifest["data"].as_str().unwrap()).unwrap();
    assert_eq!(
        (data["name"].as_str(), data["display"].as_str()),
        (Some("NutriNube"), Some("standalone"))
    );

    // Goals.
    j.go("/goals").await;
    j.s.fill("#goal-calories", "2200").await;
    j.s.fill("#goal-protein_g", "140").await;
    j.s.fill("#goal-fat_g", "70").await;
    j.s.fill("#goal-carbs_g", "250").await;
    j.s.click("#save-goals").await;
    j.s.find("#goals-saved").await;
    j.shot("goals").await;

    // A food by hand, with a name that must stay text; first a mistake.
    j.go(&format!("/diary?date={date}")).await;
    j.s.click("details.by-hand summary").await;
    j.s.fill("#hand-name", "<script>alert(1)</script> soup")
        .await;
    j.s.fill("#hand-calories", "lots").await;
    j.s.click("#hand-add").await;
    j.s.find("#hand-calories-error").await;
    assert_eq!(j.s.text("#hand-calories-error").await, "must be a number");
    assert_eq!(
        j.s.attribute("#hand-name", "value").await.as_deref(),
        Some("<script>alert(1)</script> soup"),
        "the entered value is kept"
    );
    j.shot("diary-validation-error").await;
    j.s.fill("#hand-calories", "312.4").await;
    j.s.fill("#hand-protein_g", "18").await;
    j.s.fill("#hand-fat_g", "7.3").await;
    j.s.fill("#hand-carbs_g", "40.5").await;
    j.s.execute(
        "document.getElementById('hand-meal').value = 'lunch'",
        json!([]),
    )
    .await;
    // With JavaScript the page is updated in place: a marker set on this
    // document survives.
    j.s.execute("window.__sameDocument = true", json!([])).await;
    j.s.click("#hand-add").await;
    j.s.wait_for(
        "the hand entry",
        "return document.querySelectorAll('#meal-lunch .entry').length === 1",
    )
    .await;
    assert_eq!(
        j.s.execute("return window.__sameDocument === true", json!([]))
            .await,
        Value::Bool(true),
        "adding reloaded the whole page"
    );
    assert_eq!(
        j.s.text("#meal-lunch .entry-name").await,
        "<script>alert(1)</script> soup"
    );

    // A food from the catalogue, by household measure.
    j.s.fill("#food-q", "apple raw").await;
    j.s.click("#food-search").await;
    j.s.find(".result").await;
    j.shot("diary-search").await;
    let first_unit =
        j.s.execute(
            "const s = document.querySelector('.result select[name=unit]');
             return s.options.length > 1 ? s.options[1].value : 'g'",
            json!([]),
        )
        .await;
    j.s.execute(
        "const f = document.querySelector('.result form');
         f.querySelector('select[name=unit]').value = arguments[0];
         f.querySelector('select[name=meal]').value = 'breakfast';",
        json!([first_unit]),
    )
    .await;
    j.s.fill(".result input[name=amount]", "1").await;
    j.s.click(".result button[type=submit]").await;
    j.s.wait_for(
        "the catalogue entry",
        "return document.querySelectorAll('#meal-breakfast .entry').length === 1",
    )
    .await;
    let apple = j.s.text("#meal-breakfast .entry-name").await;
    assert!(apple.to_lowercase().contains("apple"), "{apple}");

    // An activity from the catalogue.
    j.s.fill("#act-q", "running").await;
    j.s.click("#act-search").await;
    j.s.find(".result input[name=duration_min]").await;
    j.s.fill(".result input[name=duration_min]", "30").await;
    j.s.click(".result button[type=submit]").await;
    j.s.wait_for(
        "the activity",
        "return document.querySelectorAll('#activities .entry').length === 1",
    )
    .await;
    j.shot("diary").await;

    // Breakfast saved as a saved meal, then logged in one tap into dinner
    // of a day long before (outside the history checked below).
    j.s.click("#saved-meals summary").await;
    j.s.execute(
        "document.getElementById('save-meal-meal').value = 'breakfast'",
        json!([]),
    )
    .await;
    j.s.fill("#save-meal-name", "Apple breakfast").await;
    j.s.click("#save-meal-submit").await;
    j.s.wait_for(
        "the saved meal",
        "return document.querySelectorAll('#saved-meals li[data-saved-meal]').length === 1",
    )
    .await;
    let long_ago = (today - chrono::Duration::days(400)).to_string();
    j.go(&format!("/diary?date={long_ago}")).await;
    j.s.click("#saved-meals summary").await;
    j.s.execute(
        "document.querySelector('#saved-meals li[data-saved-meal] select[name=meal]').value = 'dinner'",
        json!([]),
    )
    .await;
    j.s.click("#saved-meals li[data-saved-meal] button[type=submit]")
        .await;
    j.s.wait_for(
        "the logged saved meal",
        "return document.querySelectorAll('#meal-dinner .entry').length === 1",
    )
    .await;
    assert_eq!(j.s.text("#meal-dinner .entry-name").await, apple);
    j.s.click("#saved-meals summary").await;
    j.shot("diary-saved-meals").await;
    j.go("/saved-meals").await;
    assert_eq!(
        j.s.text("li.saved-meal .entry-name").await,
        "Apple breakfast"
    );
    j.s.fill("li.saved-meal input[name=name]", "Apple morning")
        .await;
    j.s.click("li.saved-meal button[id$=-submit]").await;
    j.s.wait_for(
        "the renamed saved meal",
        "return document.querySelector('li.saved-meal .entry-name').textContent === 'Apple morning'",
    )
    .await;
    j.shot("saved-meals").await;

    // The dashboard shows exactly the API's numbers.
    j.go("/").await;
    let api = j.api_summary(&date).await;
    assert_eq!(
        j.s.text("#sum-goal").await,
        grouped_kcal(&api["goals"]["calories"])
    );
    assert_eq!(j.s.text("#sum-goal").await, "2,200");
    assert_eq!(
        j.s.text("#sum-consumed").await,
        grouped_kcal(&api["consumed"]["calories"])
    );
    assert_eq!(
        j.s.text("#sum-burned").await,
        grouped_kcal(&api["burned_kcal"])
    );
    assert_ne!(j.s.text("#sum-burned").await, "0");
    assert_eq!(j.s.text("#sum-net").await, grouped_kcal(&api["net_kcal"]));
    let remaining = api["remaining"]["calories"].as_f64().unwrap();
    assert_eq!(
        j.s.text("#sum-remaining").await,
        grouped_kcal(&json!(remaining.abs()))
    );
    for (id, field) in [
        ("protein", "protein_g"),
        ("fat", "fat_g"),
        ("carbs", "carbs_g"),
    ] {
        assert_eq!(
            j.s.text(&format!("#sum-{id}")).await,
            grams(&api["consumed"][field]),
            "{id}"
        );
    }
    j.shot("today").await;
    // The dark theme follows the system setting.
    j.s.color_scheme("dark").await;
    j.s.wait_for(
        "the dark theme",
        "return getComputedStyle(document.body).backgroundColor === 'rgb(14, 20, 18)'",
    )
    .await;
    j.shot("today-dark").await;
    j.go(&format!("/diary?date={date}")).await;
    j.shot("diary-dark").await;
    j.s.color_scheme("light").await;

    // History: today's bar carries today's calories.
    j.go("/history").await;
    let bar = format!("#calorie-chart rect[data-date='{date}']");
    assert_eq!(
        j.s.attribute(&bar, "data-kcal").await.unwrap(),
        kcal(&api["consumed"]["calories"])
    );
    let height: f64 =
        j.s.attribute(&bar, "height")
            .await
            .unwrap()
            .parse()
            .unwrap();
    assert!(height > 0.0);
    j.shot("history-7").await;
    j.go("/history?days=30").await;
    j.s.find(&bar).await;
    j.shot("history-30").await;

    // Changing the date: previous day, then the date picker.
    j.go(&format!("/diary?date={date}")).await;
    j.s.click("#prev-day").await;
    let yesterday = (today - chrono::Duration::days(1)).to_string();
    j.s.wait_for(
        "yesterday",
        &format!("return document.getElementById('diary-date').dataset.date === '{yesterday}'"),
    )
    .await;
    assert!(j.s.try_find("#meal-lunch .entry").await.is_none());
    j.s.execute(
        "document.getElementById('date-picker').value = arguments[0]",
        json!([date]),
    )
    .await;
    j.s.click("#go-date").await;
    j.s.wait_for(
        "today again",
        &format!("return document.getElementById('diary-date').dataset.date === '{date}'"),
    )
    .await;

    // Delete the hand entry, in place.
    j.s.execute("window.__sameDocument = true", json!([])).await;
    j.s.click("#meal-lunch .entry button.danger").await;
    j.s.wait_for(
        "the deletion",
        "return document.querySelectorAll('#meal-lunch .entry').length === 0",
    )
    .await;
    assert_eq!(
        j.s.execute("return window.__sameDocument === true", json!([]))
            .await,
        Value::Bool(true)
    );
    let after = j.api_summary(&date).await;
    assert_eq!(after["food_entries"].as_array().unwrap().len(), 1);
    assert_eq!(
        j.s.text("#day-consumed").await,
        kcal(&after["consumed"]["calories"])
    );

    // The day's nutrients against their targets.
    j.go(&format!("/nutrients?date={date}")).await;
    j.s.find("#n-iron_mg").await;
    j.shot("nutrients").await;

    // The day's food made into a recipe, then an ingredient added to it.
    j.go(&format!("/diary?date={date}")).await;
    j.s.click("#recipe-from-meal summary").await;
    j.s.fill("#recipe-name", "Apple snack").await;
    j.s.click("#recipe-meal-submit").await;
    j.s.wait_for(
        "the recipe's editor",
        "return location.pathname.startsWith('/recipes/')",
    )
    .await;
    assert_eq!(j.s.text("#recipe-title").await, "Apple snack");
    j.s.fill("#ingredient-q", "banana").await;
    j.s.click("#ingredient-search").await;
    j.s.find(".result").await;
    j.s.click(".result button.primary").await;
    j.s.wait_for(
        "the second ingredient",
        "return document.querySelectorAll('#ingredient-list li').length === 2",
    )
    .await;
    j.shot("recipe").await;
    j.go("/recipes").await;
    j.s.find("#recipe-list li").await;
    j.shot("recipes").await;

    // Settings and the CSV export.
    j.go("/settings").await;
    j.shot("settings").await;
    let href = j.s.attribute("#export-csv", "href").await.unwrap();
    let csv =
        j.s.execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0]).then(r => r.text()).then(done);",
            json!([href]),
        )
        .await;
    let csv = csv.as_str().unwrap();
    assert!(csv.starts_with("kind"), "{}", &csv[..csv.len().min(200)]);
    assert!(csv.contains(&apple), "the export holds the catalogue entry");

    // Body measurements: two earlier days through the API, today through
    // the page's form; the chart has a dot for each, the API the values.
    for (day, waist) in [(42, 85.0), (14, 83.5)] {
        let earlier = (today - chrono::Duration::days(day)).to_string();
        j.s.execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/v1/measurements/' + arguments[0], {method: 'PUT',
               headers: {'content-type': 'application/json'},
               body: JSON.stringify({waist_cm: arguments[1], hips_cm: 99, body_fat_pct: 23})})
               .then(r => done(r.status));",
            json!([earlier, waist]),
        )
        .await;
    }
    j.go("/history").await;
    j.s.click("#measurements-link").await;
    j.s.wait_for(
        "the measurements page",
        "return location.pathname === '/measurements'",
    )
    .await;
    j.s.fill("#measure-waist_cm", "82.5").await;
    j.s.fill("#measure-hips_cm", "98").await;
    j.s.fill("#measure-chest_cm", "95").await;
    j.s.fill("#measure-body_fat_pct", "21.5").await;
    j.s.click("#save-measurements").await;
    j.s.wait_for(
        "the saved day",
        "return location.search.includes('saved=1')",
    )
    .await;
    j.s.find(&format!(
        "#measurement-chart circle.m-waist[data-date='{date}']"
    ))
    .await;
    let dots =
        j.s.execute(
            "return document.querySelectorAll('#measurement-chart circle.m-waist').length",
            json!([]),
        )
        .await;
    assert_eq!(dots, json!(3));
    let listed =
        j.s.execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/v1/measurements?from=' + arguments[0]).then(r => r.json()).then(done);",
            json!([date]),
        )
        .await;
    assert_eq!(listed["items"][0]["waist_cm"], json!(82.5), "{listed}");
    assert_eq!(listed["items"][0]["body_fat_pct"], json!(21.5), "{listed}");
    j.shot("measurements").await;

    // Log out; pages then send to the login page.
    j.s.click("#logout").await;
    j.s.wait_for("the login page", "return location.pathname === '/login'")
        .await;
    j.go("/diary").await;
    assert!(j.path().await.starts_with("/login?next=/diary"));
    j.s.quit().await;

    // ---- phone: 390×844 ---------------------------------------------------
    let mut p = Journey {
        app: &app,
        s: driver.session(390, 844).await,
        dir: shots("phone"),
        n: 0,
    };
    p.register_and_login("pat").await;
    p.go(&format!("/diary?date={date}")).await;
    let inner = p.s.execute("return window.innerWidth", json!([])).await;
    assert_eq!(inner, json!(390));
    p.s.click("details.by-hand summary").await;
    p.s.fill("#hand-name", "Porridge with blueberries").await;
    p.s.fill("#hand-calories", "356").await;
    p.s.fill("#hand-protein_g", "12.5").await;
    p.s.fill("#hand-carbs_g", "58").await;
    p.s.fill("#hand-fat_g", "8").await;
    p.s.click("#hand-add").await;
    p.s.wait_for(
        "the entry",
        "return document.querySelectorAll('.entry').length === 1",
    )
    .await;
    p.s.fill("#food-q", "banana").await;
    p.s.click("#food-search").await;
    p.s.find(".result").await;
    p.shot("diary").await;
    p.go("/").await;
    p.shot("today").await;
    // A weight through the profile appears in the history's weight chart.
    p.go("/settings").await;
    p.s.fill("#weight_kg", "61.5").await;
    p.s.click("#save-profile").await;
    p.s.wait_for(
        "the saved profile",
        "return location.search === '?done=profile'",
    )
    .await;
    p.go("/history").await;
    p.s.find("#weight-chart circle").await;
    p.shot("history").await;
    p.go(&format!("/nutrients?date={date}")).await;
    p.s.find("#n-iron_mg").await;
    p.shot("nutrients").await;
    p.go("/goals").await;
    p.shot("goals").await;
    p.go("/settings").await;
    p.shot("settings").await;
    p.go("/measurements").await;
    p.s.fill("#measure-waist_cm", "71").await;
    p.s.fill("#measure-neck_cm", "32.5").await;
    p.s.click("#save-measurements").await;
    p.s.wait_for(
        "the saved day",
        "return location.search.includes('saved=1')",
    )
    .await;
    p.s.find("#measurement-chart circle.m-neck").await;
    p.shot("measurements").await;
    p.s.quit().await;
}

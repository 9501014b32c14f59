//! A small W3C WebDriver client over reqwest: enough to drive chromedriver.
//! (fantoccini and thirtyfour pull in a second HTTP stack; the protocol is
//! a handful of JSON calls.)

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Finds a program: `$var`, else the first of `names` on the PATH.
fn program(var: &str, names: &[&str]) -> PathBuf {
    if let Some(p) = std::env::var_os(var) {
        return PathBuf::from(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "{} not found (set {var}, or install Debian's `chromium` and `chromium-driver`: \
         `bash scripts/web-test.sh` does)",
        names[0]
    );
}

/// A chromedriver process, stopped on drop.
pub struct Driver {
    child: Child,
    pub url: String,
    http: reqwest::Client,
    _profiles: Vec<tempfile::TempDir>,
}

impl Driver {
    pub async fn start() -> Driver {
        let chromedriver = program("CHROMEDRIVER", &["chromedriver"]);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // Its own process group, so that the browsers it starts end with it
        // even when a test fails before quitting its session.
        let child = Command::new(&chromedriver)
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", chromedriver.display()));
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::new(),
            _profiles: Vec::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = driver
                .http
                .get(format!("{}/status", driver.url))
                .send()
                .await
                .ok()
                .map(|r| r.status().is_success())
                .unwrap_or(false);
            if ready {
                return driver;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A new headless Chromium with a fresh profile and a viewport of
    /// `width`×`height`.
    pub async fn session(&mut self, width: u32, height: u32) -> Session {
        let chromium = program("CHROMIUM", &["chromium", "chromium-browser"]);
        let profile = tempfile::tempdir().unwrap();
        let args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--hide-scrollbars".to_owned(),
            "--disable-crash-reporter".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
            format!("--window-size={width},{height}"),
        ];
        self._profiles.push(profile);
        let mut options = json!({"binary": chromium, "args": args});
        if width < 500 {
            // Desktop windows have a minimum width: emulate the phone's viewport.
            options["mobileEmulation"] = json!({"deviceMetrics": {
                "width": width, "height": height, "pixelRatio": 1, "mobile": true, "touch": true,
            }});
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options,
        }}});
        let r: Value = self
            .http
            .post(format!("{}/session", self.url))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {r}"))
            .to_owned();
        let session = Session {
            http: self.http.clone(),
            base: format!("{}/session/{id}", self.url),
            width,
        };
        // Headless window size is the viewport; make sure of it.
        let inner: Value = session
            .execute("return [window.innerWidth, window.innerHeight]", json!([]))
            .await;
        if width >= 500 && inner[0].as_u64() != Some(u64::from(width)) {
            let (dw, dh) = (
                i64::from(width) - inner[0].as_i64().unwrap_or(0),
                i64::from(height) - inner[1].as_i64().unwrap_or(0),
            );
            session
                .call(
                    "POST",
                    "/window/rect",
                    json!({"width": i64::from(width) + dw, "height": i64::from(height) + dh}),
                )
                .await;
        }
        session
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group: chromedriver and the browsers it started.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Session {
    http: reqwest::Client,
    base: String,
    pub width: u32,
}

#[derive(Clone)]
pub struct Element(String);

impl Session {
    async fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let req = match method {
            "GET" => self.http.get(&url),
            "DELETE" => self.http.delete(&url),
            _ => self.http.post(&url).json(&body),
        };
        let r: Value = req.send().await.unwrap().json().await.unwrap();
        if let Some(err) = r["value"]["error"].as_str() {
            panic!(
                "WebDriver {method} {path}: {err}: {}",
                r["value"]["message"]
            );
        }
        r["value"].clone()
    }

    pub async fn goto(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url })).await;
    }

    pub async fn current_url(&self) -> String {
        self.call("GET", "/url", Value::Null)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn try_find(&self, css: &str) -> Option<Element> {
        let url = format!("{}/element", self.base);
        let r: Value = self
            .http
            .post(&url)
            .json(&json!({"using": "css selector", "value": css}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if std::env::var_os("WD_DEBUG").is_some() {
            eprintln!("find {css}: {r}");
        }
        r["value"][ELEMENT]
            .as_str()
            .map(|id| Element(id.to_owned()))
    }

    /// The element, waiting up to 10 s for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(e) = self.try_find(css).await {
                return e;
            }
            if Instant::now() > deadline {
                let url = self.current_url().await;
                let title = self.execute("return document.title", json!([])).await;
                panic!("no element matches {css} on {url} ({title})");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.click_element(&e).await;
    }

    pub async fn click_element(&self, e: &Element) {
        self.call("POST", &format!("/element/{}/click", e.0), json!({}))
            .await;
    }

    /// Replaces the text of an input.
    pub async fn fill(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.call("POST", &format!("/element/{}/clear", e.0), json!({}))
            .await;
        self.call(
            "POST",
            &format!("/element/{}/value", e.0),
            json!({ "text": text }),
        )
        .await;
    }

    pub async fn text(&self, css: &str) -> String {
        let e = self.find(css).await;
        self.element_text(&e).await
    }

    pub async fn element_text(&self, e: &Element) -> String {
        self.call("GET", &format!("/element/{}/text", e.0), Value::Null)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub async fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let e = self.find(css).await;
        self.call(
            "GET",
            &format!("/element/{}/attribute/{name}", e.0),
            Value::Null,
        )
        .await
        .as_str()
        .map(str::to_owned)
    }

    pub async fn execute(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": args}),
        )
        .await
    }

    pub async fn execute_async(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/async",
            json!({"script": script, "args": args}),
        )
        .await
    }

    /// Waits up to 30 s for `script` (returning a boolean) to hold. On a
    /// timeout the message carries the page's address and text, so that a
    /// failure in CI says what the browser showed instead.
    pub async fn wait_for(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if self.execute(script, json!([])).await == Value::Bool(true) {
                return;
            }
            if Instant::now() >= deadline {
                let shown = self
                    .execute(
                        "return location.href + '\\n' + (document.body ? document.body.innerText.slice(0, 2000) : '(no body)')",
                        json!([]),
                    )
                    .await;
                panic!(
                    "timed out waiting for {what}; the page showed:\n{}",
                    shown.as_str().unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG of the whole page (not only the viewport).
    pub async fn screenshot(&self, path: &Path) {
        self.execute("window.scrollTo(0, 0)", json!([])).await;
        let height = self
            .execute(
                "return Math.ceil(document.documentElement.scrollHeight)",
                json!([]),
            )
            .await
            .as_f64()
            .unwrap_or(800.0);
        let cdp = json!({"cmd": "Page.captureScreenshot", "params": {
            "format": "png", "captureBeyondViewport": true,
            "clip": {"x": 0, "y": 0, "width": self.width, "height": height, "scale": 1},
        }});
        let r: Value = self
            .http
            .post(format!("{}/goog/cdp/execute", self.base))
            .json(&cdp)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let data = match r["value"]["data"].as_str() {
            Some(d) => d.to_owned(),
            None => self
                .call("GET", "/screenshot", Value::Null)
                .await
                .as_str()
                .unwrap()
                .to_owned(),
        };
        let png = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }

    /// Emulates the system's colour-scheme setting (`light` or `dark`).
    /// Runs a Chrome DevTools Protocol command on the page; its result.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        let body = json!({"cmd": cmd, "params": params});
        self.call("POST", "/goog/cdp/execute", body).await
    }

    pub async fn color_scheme(&self, scheme: &str) {
        let cdp = json!({"cmd": "Emulation.setEmulatedMedia", "params": {
            "features": [{"name": "prefers-color-scheme", "value": scheme}],
        }});
        self.call("POST", "/goog/cdp/execute", cdp).await;
    }

    pub async fn quit(self) {
        let _ = self.http.delete(&self.base).send().await;
    }
}

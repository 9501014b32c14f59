//! `/metrics` stays the same size however many methods and paths a client
//! invents, and with a token configured answers only a request bearing it.

use crate::both_backends;
use crate::common::database::Backend;
use crate::target::Target;

async fn invented_methods_and_paths_do_not_grow_the_metrics(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let long = "A".repeat(2000);
    for i in 0..300 {
        let method = reqwest::Method::from_bytes(format!("M{long}{i}").as_bytes()).unwrap();
        let response = target
            .http
            .request(method, target.url("/health/live"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "an invented method");
        let response = target
            .http
            .get(target.url(&format!("/no/such/{long}/{i}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "an invented path");
    }
    let metrics = target.metrics().await;
    assert!(
        !metrics.contains(&long),
        "an invented method or path is a label"
    );
    assert!(
        metrics.contains(r#"route="unmatched""#),
        "invented paths share the route label `unmatched`"
    );
    target.assert_unharmed().await;
}

async fn metrics_with_a_token_answer_only_its_bearer(backend: Backend) {
    const TOKEN: &str = "scrape-9f2c4e7a1b";
    let target = Target::start(backend, &[("NUTRINUBE_METRICS_TOKEN", TOKEN.to_owned())]).await;
    let url = target.url("/metrics");
    let wrong = [
        None,
        Some("Bearer".to_owned()),
        Some("Bearer ".to_owned()),
        Some("Bearer scrape-9f2c4e7a1c".to_owned()),
        Some(format!("Bearer {TOKEN}x")),
        Some(format!("Bearer {}", &TOKEN[..TOKEN.len() - 1])),
        Some(format!("bearer{TOKEN}")),
        Some(format!("Basic {TOKEN}")),
        Some(TOKEN.to_owned()),
    ];
    for authorization in wrong {
        let mut request = target.http.get(&url);
        if let Some(value) = &authorization {
            request = request.header("authorization", value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "/metrics with {authorization:?}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("nutrinube_http"), "{body}");
    }
    let response = target
        .http
        .get(&url)
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "/metrics with the token");
    assert!(response.text().await.unwrap().contains("nutrinube_"));
    target.assert_unharmed().await;
}

both_backends!(
    invented_methods_and_paths_do_not_grow_the_metrics,
    metrics_with_a_token_answer_only_its_bearer,
);

//! `/metrics` stays the same size however many methods and paths a client
//! invents.

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
    target.assert_unharmed().await;
}

both_backends!(invented_methods_and_paths_do_not_grow_the_metrics);

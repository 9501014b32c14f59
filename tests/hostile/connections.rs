//! Slow and idle clients, and too many of them: headers within 10 s of the
//! connection opening, idle keep-alive connections closed after 60 s, a
//! trickled body answered 408, and past the connection cap new connections
//! wait in the kernel's backlog instead of costing file descriptors.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinSet;

use crate::both_backends;
use crate::common::database::Backend;
use crate::harness::run_to_end;
use crate::target::Target;

const LIVE: &[u8] = b"GET /health/live HTTP/1.1\r\nHost: nutrinube\r\n\r\n";

async fn connect(target: &Target) -> TcpStream {
    TcpStream::connect(("127.0.0.1", target.server.port))
        .await
        .expect("connecting to the server")
}

/// Reads until the peer closes the connection (or resets it); panics on an
/// answer, or if it stays open past `limit`.
async fn wait_closed(tcp: &mut TcpStream, limit: Duration) {
    let mut buf = [0u8; 4096];
    match tokio::time::timeout(limit, tcp.read(&mut buf)).await {
        Ok(Ok(0) | Err(_)) => {}
        Ok(Ok(n)) => panic!(
            "the server answered: {}",
            String::from_utf8_lossy(&buf[..n])
        ),
        Err(_) => panic!("the connection was still open after {limit:?}"),
    }
}

/// The head and body of one small answer, if it comes within `limit`.
async fn read_answer(tcp: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let n = tokio::time::timeout_at(deadline, tcp.read(&mut buf))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        answer.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&answer);
        // The answers read here are small JSON bodies.
        if text.contains("\r\n\r\n") && text.trim_end().ends_with('}') {
            return Some(text.into_owned());
        }
    }
}

fn open_descriptors(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .expect("listing the server's file descriptors")
        .count()
}

async fn slow_headers_are_cut_after_ten_seconds(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let tcp = connect(&target).await;
    let opened = Instant::now();
    let (mut reader, mut writer) = tcp.into_split();
    // A header line that never ends, one byte a second: never idle, never
    // complete.
    let trickle = tokio::spawn(async move {
        writer
            .write_all(b"GET /health/live HTTP/1.1\r\nX-Slow: ")
            .await
            .unwrap();
        for _ in 0..30 {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if writer.write_all(b"a").await.is_err() {
                break;
            }
        }
    });
    // Others are served meanwhile.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let response = target
        .http
        .get(target.url("/health/live"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        200,
        "a bystander during the slow headers"
    );

    let mut buf = [0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(15), reader.read(&mut buf)).await;
    let closed_after = opened.elapsed();
    match read {
        Ok(Ok(0) | Err(_)) => {}
        Ok(Ok(n)) => panic!("answered: {}", String::from_utf8_lossy(&buf[..n])),
        Err(_) => panic!("slow headers still open after {closed_after:?}"),
    }
    assert!(
        (Duration::from_secs(9)..=Duration::from_secs(12)).contains(&closed_after),
        "slow headers closed after {closed_after:?}, not about 10 s"
    );
    trickle.abort();
    target.assert_unharmed().await;
}

async fn idle_keep_alive_is_closed_after_a_minute(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let mut tcp = connect(&target).await;
    tcp.write_all(LIVE).await.unwrap();
    let answer = read_answer(&mut tcp, Duration::from_secs(5))
        .await
        .expect("an answer to the first request");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let idle_since = Instant::now();
    // Past the header deadline, a kept-alive connection still serves.
    tokio::time::sleep(Duration::from_secs(15)).await;
    tcp.write_all(LIVE).await.unwrap();
    let answer = read_answer(&mut tcp, Duration::from_secs(5))
        .await
        .expect("an answer on the kept-alive connection after 15 s");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let idle_since_second = Instant::now();
    assert!(idle_since.elapsed() >= Duration::from_secs(15));

    wait_closed(&mut tcp, Duration::from_secs(70)).await;
    let idle = idle_since_second.elapsed();
    assert!(
        (Duration::from_secs(58)..=Duration::from_secs(63)).contains(&idle),
        "an idle connection closed after {idle:?}, not about 60 s"
    );
    target.assert_unharmed().await;
}

async fn a_trickled_body_is_answered_408(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let mut tcp = connect(&target).await;
    let started = Instant::now();
    tcp.write_all(
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: nutrinube\r\n\
          Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"username\": \"",
    )
    .await
    .unwrap();
    let (mut reader, mut writer) = tcp.into_split();
    let trickle = tokio::spawn(async move {
        for _ in 0..60 {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if writer.write_all(b"a").await.is_err() {
                break;
            }
        }
    });
    let mut buf = [0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(40), reader.read(&mut buf))
        .await
        .expect("no answer within 40 s to a trickled body")
        .unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]);
    let after = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        after <= Duration::from_secs(33),
        "a trickled body answered after {after:?}"
    );
    trickle.abort();
    target.assert_unharmed().await;
}

async fn past_the_connection_cap_new_connections_wait(backend: Backend) {
    const CAP: usize = 20;
    const OPENED: usize = 60;
    let target = Target::start(backend, &[("NUTRINUBE_MAX_CONNECTIONS", CAP.to_string())]).await;
    // Includes the bystander's kept-alive connection: at most CAP - 1 more.
    let descriptors_before = open_descriptors(target.server.pid());

    let mut asking = JoinSet::new();
    for _ in 0..OPENED {
        let mut tcp = connect(&target).await;
        tcp.write_all(LIVE).await.unwrap();
        asking.spawn(async move {
            let answered = read_answer(&mut tcp, Duration::from_secs(3))
                .await
                .is_some();
            (tcp, answered)
        });
    }
    let (mut answered, mut waiting) = (Vec::new(), Vec::new());
    while let Some(result) = asking.join_next().await {
        let (tcp, was_answered) = result.unwrap();
        if was_answered {
            answered.push(tcp);
        } else {
            waiting.push(tcp);
        }
    }
    assert!(
        (CAP - 5..=CAP).contains(&answered.len()),
        "{} of {OPENED} connections answered with a cap of {CAP}",
        answered.len()
    );
    let descriptors = open_descriptors(target.server.pid());
    assert!(
        descriptors <= descriptors_before + CAP,
        "{descriptors} descriptors open with {OPENED} clients, {descriptors_before} before"
    );

    // Closing the answered ones lets waiting ones in, up to the cap again.
    drop(answered);
    let mut asking = JoinSet::new();
    for mut tcp in waiting {
        asking.spawn(async move {
            let answered = read_answer(&mut tcp, Duration::from_secs(5))
                .await
                .is_some();
            (tcp, answered)
        });
    }
    // Every connection is held until all are counted.
    let mut held = Vec::new();
    let mut later = 0;
    while let Some(result) = asking.join_next().await {
        let (tcp, answered) = result.unwrap();
        later += usize::from(answered);
        held.push(tcp);
    }
    assert!(
        (CAP - 5..=CAP).contains(&later),
        "{later} waiting connections answered once the first ones closed"
    );
    drop(held);
    target.assert_unharmed().await;
}

async fn oversized_headers_are_answered_431(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    for _ in 0..20 {
        let mut tcp = connect(&target).await;
        let mut request = b"GET /health/live HTTP/1.1\r\nHost: nutrinube\r\n".to_vec();
        let filler = format!("X-Filler: {}\r\n", "a".repeat(1000));
        for _ in 0..200 {
            request.extend_from_slice(filler.as_bytes());
        }
        request.extend_from_slice(b"\r\n");
        // The server may close before all of it is sent.
        let _ = tcp.write_all(&request).await;
        let mut buf = [0u8; 1024];
        let n = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
            .await
            .expect("no answer to 200 KB of headers")
            .unwrap_or(0);
        let answer = String::from_utf8_lossy(&buf[..n]);
        assert!(answer.starts_with("HTTP/1.1 431"), "{answer:?}");
    }
    target.assert_unharmed().await;
}

both_backends!(
    oversized_headers_are_answered_431,
    slow_headers_are_cut_after_ten_seconds,
    idle_keep_alive_is_closed_after_a_minute,
    a_trickled_body_is_answered_408,
    past_the_connection_cap_new_connections_wait,
);

/// The deadlines are constants; the cap's default is 4096.
#[test]
fn the_connection_cap_defaults_to_4096() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_to_end(dir.path(), &["--help"], &[], Duration::from_secs(10));
    let help = String::from_utf8_lossy(&output.stdout);
    let line = help
        .lines()
        .skip_while(|l| !l.contains("--max-connections"))
        .take(4)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(line.contains("NUTRINUBE_MAX_CONNECTIONS"), "{help}");
    assert!(line.contains("[default: 4096]"), "{line}");
    assert_eq!(nutrinube::serve::HEADER_DEADLINE, Duration::from_secs(10));
    assert_eq!(nutrinube::serve::IDLE_DEADLINE, Duration::from_secs(60));
}

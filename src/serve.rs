//! The accept loop, with the connection limits `axum::serve` does not offer
//! (spec hardening.md, "Requests and connections"): request headers within
//! [`HEADER_DEADLINE`], idle keep-alive connections closed after
//! [`IDLE_DEADLINE`], and at most `max_connections` open at once. A request
//! body is bounded by the router's time limit (408) and body limit (413).

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore};
use tokio::time::Instant;
use tower::ServiceExt;

/// How long a request's headers may take, from the connection opening (or,
/// on a kept-alive connection, from the first byte of the next request).
pub const HEADER_DEADLINE: Duration = Duration::from_secs(10);
/// How long a connection may stay open with nothing sent either way.
pub const IDLE_DEADLINE: Duration = Duration::from_secs(60);

/// The most a connection buffers: the largest request head it accepts.
pub const HEADER_BUFFER_MAX: usize = 64 * 1024;

/// Serves `app` on `listener` until `shutdown` resolves, then stops
/// accepting and waits for the open connections to finish their requests.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    max_connections: usize,
    shutdown: impl Future<Output = ()>,
) {
    // A permit is taken before `accept`: past the cap, connections wait in
    // the kernel's backlog and cost no file descriptor here.
    let permits = Arc::new(Semaphore::new(max_connections));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (tcp, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // No Nagle delay: an answer goes out as soon as it is written.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "setting TCP_NODELAY failed");
        }
        let watch = Arc::new(Watch::new());
        let io = TokioIo::new(WatchedStream {
            tcp,
            watch: watch.clone(),
        });
        let service = {
            let watch = watch.clone();
            let app = app.clone();
            hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(ConnectInfo(remote));
                let in_flight = watch.request_started();
                let app = app.clone();
                async move {
                    let response = app.oneshot(req).await;
                    drop(in_flight);
                    response
                }
            })
        };
        let connection = hyper::server::conn::http1::Builder::new()
            // The deadlines are the watch's: hyper's own header timeout
            // would also cut idle keep-alive connections at 10 s.
            .header_read_timeout(None)
            // Request headers past this are a 431; the default (~400 KiB per
            // connection) would let 4096 connections hold 1.6 GB.
            .max_buf_size(HEADER_BUFFER_MAX)
            .serve_connection(io, service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            tokio::select! {
                result = connection => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                }
                () = watch.expired() => tracing::debug!(%remote, "slow or idle connection closed"),
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// As `axum::serve`: a failed accept (out of file descriptors, most
/// likely) is logged and retried after a pause; a peer that reset before
/// being accepted is no error.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accepting a connection failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// What one connection's deadlines are measured from.
struct Watch {
    state: Mutex<WatchState>,
    /// Woken when a deadline may have moved earlier or appeared.
    changed: Notify,
}

struct WatchState {
    /// Requests whose handler has not answered yet; while any is, the
    /// router's own time limit applies, not these deadlines.
    in_flight: usize,
    /// When the bytes of a request not yet handed over began (the
    /// connection's opening for the first one).
    head_since: Option<Instant>,
    /// The last byte read or written.
    last_activity: Instant,
}

impl Watch {
    fn new() -> Watch {
        let now = Instant::now();
        Watch {
            state: Mutex::new(WatchState {
                in_flight: 0,
                head_since: Some(now),
                last_activity: now,
            }),
            changed: Notify::new(),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, WatchState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn bytes_read(&self) {
        let mut state = self.state();
        let now = Instant::now();
        state.last_activity = now;
        if state.in_flight == 0 && state.head_since.is_none() {
            state.head_since = Some(now);
            drop(state);
            self.changed.notify_one();
        }
    }

    fn bytes_written(&self) {
        self.state().last_activity = Instant::now();
    }

    /// Marks a request's head complete; the guard marks its answer given.
    fn request_started(self: &Arc<Self>) -> InFlight {
        let mut state = self.state();
        state.in_flight += 1;
        state.head_since = None;
        InFlight(self.clone())
    }

    /// The moment the connection is to be closed, if no request is in flight.
    fn deadline(&self) -> Option<Instant> {
        let state = self.state();
        if state.in_flight > 0 {
            return None;
        }
        let idle = state.last_activity + IDLE_DEADLINE;
        Some(match state.head_since {
            Some(since) => idle.min(since + HEADER_DEADLINE),
            None => idle,
        })
    }

    /// Resolves once a deadline has passed.
    async fn expired(&self) {
        loop {
            match self.deadline() {
                Some(deadline) if deadline <= Instant::now() => return,
                Some(deadline) => tokio::select! {
                    () = tokio::time::sleep_until(deadline) => {}
                    () = self.changed.notified() => {}
                },
                None => self.changed.notified().await,
            }
        }
    }
}

struct InFlight(Arc<Watch>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut state = self.0.state();
        state.in_flight -= 1;
        state.last_activity = Instant::now();
        drop(state);
        self.0.changed.notify_one();
    }
}

/// The client's TCP stream, telling its watch of every byte read or written.
struct WatchedStream {
    tcp: TcpStream,
    watch: Arc<Watch>,
}

impl AsyncRead for WatchedStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.tcp).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.watch.bytes_read();
        }
        result
    }
}

impl AsyncWrite for WatchedStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.tcp).poll_write(cx, buf);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.watch.bytes_written();
        }
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.watch.bytes_written();
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}

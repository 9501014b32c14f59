//! `nutrinube healthcheck`: the container's health probe, so the image needs
//! no curl. A plain HTTP/1.1 GET over TCP is all it takes.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Whether `/health/ready` on the server at `listen` answers 200.
pub async fn check(listen: SocketAddr) -> anyhow::Result<()> {
    let target = local_target(listen);
    let probe = async {
        let mut stream = TcpStream::connect(target).await?;
        let request = format!(
            "GET /health/ready HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\nUser-Agent: nutrinube-healthcheck\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await?;
        let mut head = Vec::new();
        let mut buf = [0u8; 256];
        while !head.windows(2).any(|w| w == b"\r\n") {
            let n = stream.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        anyhow::Ok(head)
    };
    let head = tokio::time::timeout(Duration::from_secs(5), probe)
        .await
        .map_err(|_| anyhow::anyhow!("no answer from {target} within 5 s"))??;
    let status_line = String::from_utf8_lossy(&head);
    let status_line = status_line.lines().next().unwrap_or_default();
    let status = status_line.split_whitespace().nth(1).unwrap_or_default();
    if status == "200" {
        Ok(())
    } else {
        anyhow::bail!("{target}/health/ready answered `{status_line}`")
    }
}

/// The address to probe: a wildcard listen address means this host.
fn local_target(listen: SocketAddr) -> SocketAddr {
    let ip = match listen.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, listen.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_addresses_probe_localhost() {
        assert_eq!(
            local_target("0.0.0.0:8080".parse().unwrap()),
            "127.0.0.1:8080".parse().unwrap()
        );
        assert_eq!(
            local_target("[::]:9000".parse().unwrap()),
            "[::1]:9000".parse().unwrap()
        );
        assert_eq!(
            local_target("10.1.2.3:80".parse().unwrap()),
            "10.1.2.3:80".parse().unwrap()
        );
    }
}

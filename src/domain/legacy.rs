//! Rules for moving accounts from the Flask predecessor (data.md §2): its
//! usernames folded onto ours, and its Werkzeug password hashes verified.

use subtle::ConstantTimeEq;

/// Longest username (spec: 3–32 characters).
pub const USERNAME_MAX: usize = 32;

/// Whether an already-folded username meets our rule: 3–32 characters of
/// a–z, 0–9, `_`, `.` and `-`.
pub fn username_is_valid(name: &str) -> bool {
    (3..=USERNAME_MAX).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'))
}

/// A predecessor's username as ours: trimmed and lowercased; `None` when the
/// result breaks our username rule.
pub fn fold_username(raw: &str) -> Option<String> {
    let name = raw.trim().to_lowercase();
    username_is_valid(&name).then_some(name)
}

/// A Werkzeug password hash the predecessor stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegacyHash {
    /// `pbkdf2:<sha256|sha512>:<iterations>$<salt>$<hex>`
    Pbkdf2 {
        sha512: bool,
        iterations: u32,
        salt: String,
        hash: Vec<u8>,
    },
    /// `scrypt:<n>:<r>:<p>$<salt>$<hex>` (64-byte key)
    Scrypt {
        log_n: u8,
        r: u32,
        p: u32,
        salt: String,
        hash: Vec<u8>,
    },
}

/// Highest work factors accepted from a stored hash: a corrupt row must not
/// tie up a hashing thread for minutes (Werkzeug's defaults are far below).
const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
const MAX_SCRYPT_LOG_N: u8 = 20;

fn hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.is_empty() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

impl LegacyHash {
    /// Whether `stored` looks like a Werkzeug hash (rather than our argon2id).
    pub fn is_legacy(stored: &str) -> bool {
        stored.starts_with("pbkdf2:") || stored.starts_with("scrypt:")
    }

    /// Parses a stored Werkzeug hash; `None` for any other form.
    pub fn parse(stored: &str) -> Option<Self> {
        let mut parts = stored.splitn(3, '$');
        let (method, salt, digest) = (parts.next()?, parts.next()?, parts.next()?);
        if salt.is_empty() {
            return None;
        }
        let hash = hex(digest)?;
        let fields: Vec<&str> = method.split(':').collect();
        match fields.as_slice() {
            ["pbkdf2", algo, iterations] => {
                let sha512 = match *algo {
                    "sha256" => false,
                    "sha512" => true,
                    _ => return None,
                };
                let iterations: u32 = iterations.parse().ok()?;
                if iterations == 0 || iterations > MAX_PBKDF2_ITERATIONS {
                    return None;
                }
                Some(Self::Pbkdf2 {
                    sha512,
                    iterations,
                    salt: salt.to_owned(),
                    hash,
                })
            }
            ["scrypt", n, r, p] => {
                let n: u64 = n.parse().ok()?;
                if n < 2 || !n.is_power_of_two() {
                    return None;
                }
                let log_n = n.trailing_zeros() as u8;
                let (r, p): (u32, u32) = (r.parse().ok()?, p.parse().ok()?);
                if log_n > MAX_SCRYPT_LOG_N || r == 0 || p == 0 || r > 32 || p > 16 {
                    return None;
                }
                Some(Self::Scrypt {
                    log_n,
                    r,
                    p,
                    salt: salt.to_owned(),
                    hash,
                })
            }
            _ => None,
        }
    }

    /// Whether `password` is the one this hash was made from (compared in
    /// constant time). Slow on purpose: run it on the hashing threads.
    pub fn verify(&self, password: &str) -> bool {
        match self {
            Self::Pbkdf2 {
                sha512,
                iterations,
                salt,
                hash,
            } => {
                let mut out = vec![0u8; hash.len()];
                if *sha512 {
                    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(
                        password.as_bytes(),
                        salt.as_bytes(),
                        *iterations,
                        &mut out,
                    );
                } else {
                    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(
                        password.as_bytes(),
                        salt.as_bytes(),
                        *iterations,
                        &mut out,
                    );
                }
                out.ct_eq(hash).into()
            }
            Self::Scrypt {
                log_n,
                r,
                p,
                salt,
                hash,
            } => {
                let Ok(params) = scrypt::Params::new(*log_n, *r, *p, hash.len().max(10)) else {
                    return false;
                };
                let mut out = vec![0u8; hash.len()];
                if scrypt::scrypt(password.as_bytes(), salt.as_bytes(), &params, &mut out).is_err()
                {
                    return false;
                }
                out.ct_eq(hash).into()
            }
        }
    }
}

/// Why a predecessor's account is left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Lowercased, it breaks our username rule.
    InvalidUsername,
    /// Lowercased, it is the same as another account's (whose id is given):
    /// neither moves, they are never merged.
    Clash { with: i64 },
}

/// The accounts that move (id, folded name) and those left out (id, why).
pub type UsernamePlan = (Vec<(i64, String)>, Vec<(i64, Refused)>);

/// The predecessor's accounts (`(id, username)`) sorted into those that
/// move, with their folded names, and those left out, with the reason, both
/// in the order given.
pub fn plan_usernames(users: &[(i64, &str)]) -> UsernamePlan {
    use std::collections::HashMap;
    let folded: Vec<(i64, Option<String>)> = users
        .iter()
        .map(|(id, raw)| (*id, fold_username(raw)))
        .collect();
    let mut by_name: HashMap<&str, Vec<i64>> = HashMap::new();
    for (id, name) in &folded {
        if let Some(name) = name {
            by_name.entry(name.as_str()).or_default().push(*id);
        }
    }
    let (mut moving, mut refused) = (Vec::new(), Vec::new());
    for (id, name) in &folded {
        match name {
            None => refused.push((*id, Refused::InvalidUsername)),
            Some(name) => {
                let ids = &by_name[name.as_str()];
                match ids.iter().find(|other| *other != id) {
                    Some(other) => refused.push((*id, Refused::Clash { with: *other })),
                    None => moving.push((*id, name.clone())),
                }
            }
        }
    }
    (moving, refused)
}

/// A predecessor's date (text, `YYYY-MM-DD` as its forms asked).
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made with Werkzeug 3.1.3's generate_password_hash("legacy pw", method).
    const PBKDF2_SHA256: &str = "pbkdf2:sha256:1000$SKp9VNE29zG2Pzff$6cb0ec53b60d1e995edd5e90fa8835c12704fc78f4ed237c94f66e4e93b973bc";
    const PBKDF2_SHA512: &str = "pbkdf2:sha512:1000$jtvpnGoWVVwHhHml$d317807a89f6cd977b8d26718e05d66c1199bef1902e042701c81a28f539d3e5ba7c371186fa01371144262d988670d46f1ef0903140aef31096d280c53722fa";
    const SCRYPT: &str = "scrypt:1024:8:1$lZDK0PGaueblL4Rf$76b67602a0f1e49dcfa9b2751ca29a3e423ef71913bb945f142f1d5727295a71f4e480a0f40f2a4cf5962a13eda4d645dbf65d5f9dd2efa99ac01c8d1b383fa7";

    #[test]
    fn werkzeug_hashes_verify_the_right_password_only() {
        for stored in [PBKDF2_SHA256, PBKDF2_SHA512, SCRYPT] {
            assert!(LegacyHash::is_legacy(stored));
            let hash = LegacyHash::parse(stored).expect(stored);
            assert!(hash.verify("legacy pw"), "{stored}");
            assert!(!hash.verify("legacy pW"), "{stored}");
            assert!(!hash.verify(""), "{stored}");
        }
    }

    #[test]
    fn a_changed_digest_or_salt_fails() {
        let tampered = PBKDF2_SHA256.replace("SKp9", "SKp8");
        assert!(!LegacyHash::parse(&tampered).unwrap().verify("legacy pw"));
        let mut digest = SCRYPT.to_owned();
        digest.pop();
        digest.push('8');
        assert!(!LegacyHash::parse(&digest).unwrap().verify("legacy pw"));
    }

    #[test]
    fn other_forms_are_not_parsed() {
        for bad in [
            "",
            "$argon2id$v=19$m=19456,t=2,p=1$abc$def",
            "pbkdf2:sha256$salt$00",
            "pbkdf2:md5:1000$salt$00",
            "pbkdf2:sha256:0$salt$00",
            "pbkdf2:sha256:1000$$00",
            "pbkdf2:sha256:1000$salt$xyz",
            "pbkdf2:sha256:1000$salt$0",
            "scrypt:1000:8:1$salt$00",
            "scrypt:2097152:8:1$salt$00",
            "scrypt:1024:8$salt$00",
            "sha256$salt$00",
        ] {
            assert_eq!(LegacyHash::parse(bad), None, "{bad}");
        }
        assert!(!LegacyHash::is_legacy("$argon2id$v=19$"));
    }

    #[test]
    fn usernames_fold_to_lowercase_and_keep_our_rule() {
        assert_eq!(fold_username(" Alice "), Some("alice".into()));
        assert_eq!(fold_username("Bob.Smith-2_x"), Some("bob.smith-2_x".into()));
        assert_eq!(fold_username("ab"), None);
        assert_eq!(fold_username("has space"), None);
        assert_eq!(fold_username("josé"), None);
        assert_eq!(fold_username(&"a".repeat(33)), None);
        assert_eq!(fold_username(&"a".repeat(32)), Some("a".repeat(32)));
    }

    #[test]
    fn clashing_and_invalid_usernames_are_left_out_never_merged() {
        let (moving, refused) = plan_usernames(&[
            (1, "Alice"),
            (2, "alice"),
            (3, "Bob"),
            (4, "no way"),
            (5, "ALICE "),
            (6, "carol"),
        ]);
        assert_eq!(moving, vec![(3, "bob".into()), (6, "carol".into())]);
        assert_eq!(
            refused,
            vec![
                (1, Refused::Clash { with: 2 }),
                (2, Refused::Clash { with: 1 }),
                (4, Refused::InvalidUsername),
                (5, Refused::Clash { with: 1 }),
            ]
        );
    }

    #[test]
    fn dates_are_iso_days() {
        assert_eq!(
            parse_date("2024-02-29"),
            chrono::NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("29/02/2024"), None);
    }
}

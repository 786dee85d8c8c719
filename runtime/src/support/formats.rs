//! String formats (JSON Schema `format`) checked before a request is sent.
//!
//! The checks are deliberately small and dependency-free: they catch the mistakes a caller makes
//! (a date in the wrong order, a missing scheme, a typo in an address), not every corner of the
//! RFCs. The server stays the judge; a check here only saves a round trip.

/// String formats (JSON Schema `format`) the generated checks know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// RFC 3339 date-time.
    DateTime,
    /// `YYYY-MM-DD`.
    Date,
    /// An absolute URI (`scheme:rest`).
    Uri,
    /// An email address.
    Email,
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// A UUID in its hyphenated text form (RFC 9562), either case.
    Uuid,
    /// Bytes in standard base64 with padding (RFC 4648 section 4), OpenAPI's `byte`.
    Byte,
}

impl Format {
    /// Whether `value` has this format.
    pub fn matches(self, value: &str) -> bool {
        format_matches(self, value)
    }
}

/// How a violation message names the format: "is not a valid <name>".
pub(super) fn format_name(format: Format) -> &'static str {
    match format {
        Format::DateTime => "RFC 3339 date-time",
        Format::Date => "date (YYYY-MM-DD)",
        Format::Uri => "absolute URI",
        Format::Email => "email address",
        Format::Ipv4 => "IPv4 address",
        Format::Ipv6 => "IPv6 address",
        Format::Uuid => "UUID (8-4-4-4-12 hexadecimal digits)",
        Format::Byte => "standard base64 with padding",
    }
}

pub(super) fn format_matches(format: Format, value: &str) -> bool {
    match format {
        Format::DateTime => is_date_time(value),
        Format::Date => is_date(value),
        Format::Uri => is_uri(value),
        Format::Email => is_email(value),
        // The standard library's parsers are strict (no leading zeros in IPv4, no brackets or
        // zone ids in IPv6), which is what a JSON Schema validator expects.
        Format::Ipv4 => value.parse::<std::net::Ipv4Addr>().is_ok(),
        Format::Ipv6 => value.parse::<std::net::Ipv6Addr>().is_ok(),
        Format::Uuid => is_uuid(value),
        Format::Byte => is_base64(value),
    }
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` of hexadecimal digits; version and variant are not
/// checked (the nil and max UUIDs are valid, and servers mint what they mint).
fn is_uuid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Standard base64 (`A-Z a-z 0-9 + /`) in groups of four, the last padded with at most two `=`;
/// the empty string encodes no bytes.
fn is_base64(value: &str) -> bool {
    let bytes = value.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return false;
    }
    let padding = bytes.iter().rev().take_while(|b| **b == b'=').count();
    padding <= 2
        && bytes[..bytes.len() - padding]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
}

/// Exactly `count` ASCII digits.
fn digits(value: &str, count: usize) -> bool {
    value.len() == count && value.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD` with a month of 1-12 and a day of 1-31.
// The day is not checked against the month (`2024-02-31` passes): that needs a calendar, and the
// server rejects it anyway.
fn is_date(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2)
        && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&d.parse::<u8>().unwrap_or(0)))
}

/// RFC 3339: `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)`.
// RFC 3339 allows a lower-case `t` and `z`. The offset is mandatory: a date-time without one is a
// local time, which the APIs do not accept. Clock fields are checked for shape, not range.
fn is_date_time(value: &str) -> bool {
    let Some((date, time)) = value.split_once(['T', 't']) else {
        return false;
    };
    let (clock, offset) = if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        (clock, "00:00")
    } else {
        // The date is already split off, so the last sign in the time is the offset's.
        match time.rfind(['+', '-']) {
            Some(at) => (&time[..at], &time[at + 1..]),
            None => return false,
        }
    };
    // An empty or non-numeric fraction turns the clock into "", which fails the shape check.
    let clock = clock.split_once('.').map_or(clock, |(whole, fraction)| {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            ""
        } else {
            whole
        }
    });
    let hms: Vec<&str> = clock.split(':').collect();
    let hm: Vec<&str> = offset.split(':').collect();
    is_date(date)
        && matches!(hms.as_slice(), [h, m, s] if digits(h, 2) && digits(m, 2) && digits(s, 2))
        && matches!(hm.as_slice(), [h, m] if digits(h, 2) && digits(m, 2))
}

/// An absolute URI: an RFC 3986 scheme, a colon, something after it, no whitespace or controls.
fn is_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    scheme_ok && !rest.is_empty() && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `local@domain` with a dotted domain and no whitespace.
// The last `@` separates the domain, since a quoted local part may contain `@`; the local part is
// otherwise not checked (RFC 5321 allows far more than any simple rule would).
fn is_email(value: &str) -> bool {
    match value.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::Format;

    fn check(format: Format, valid: &[&str], invalid: &[&str]) {
        for value in valid {
            assert!(format.matches(value), "{format:?} should accept {value:?}");
        }
        for value in invalid {
            assert!(!format.matches(value), "{format:?} should reject {value:?}");
        }
    }

    #[test]
    fn date() {
        check(
            Format::Date,
            &["2024-01-15", "0001-12-31", "2024-02-29"],
            &[
                "",
                "2024-1-15",
                "24-01-15",
                "2024-13-01",
                "2024-00-10",
                "2024-01-00",
                "2024-01-32",
                "2024/01/15",
                "2024-01-15T00:00:00Z",
                "15-01-2024",
                "2024-01-1a",
                "+2024-01-15",
                "２０２４-01-15",
            ],
        );
    }

    #[test]
    fn uuid() {
        check(
            Format::Uuid,
            &[
                "123e4567-e89b-12d3-a456-426614174000",
                "00000000-0000-0000-0000-000000000000",
                "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
            ],
            &[
                "",
                "123e4567e89b12d3a456426614174000",
                "123e4567-e89b-12d3-a456-42661417400",
                "123e4567-e89b-12d3-a456-4266141740000",
                "{123e4567-e89b-12d3-a456-426614174000}",
                "123e4567-e89b-12d3-a456_426614174000",
                "123e4567-e89b-12d3-a456-42661417400g",
                "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
            ],
        );
    }

    /// Valid values from `printf '' | base64`, `printf 'h' | base64`, `printf 'hi' | base64`,
    /// `printf 'hi!' | base64` and `printf '\xfb\xff' | base64` (`+` and `/`).
    #[test]
    fn byte_is_padded_standard_base64() {
        check(
            Format::Byte,
            &["", "aA==", "aGk=", "aGkh", "+/8="],
            &[
                "aGk", "aA=", "aGk==", "a===", "-_8=", "aG k", "aGk=aGk=", "=aGk",
            ],
        );
    }

    #[test]
    fn date_checks_the_day_range_but_not_the_month_length() {
        // Documented leniency (see `is_date`): the server is the judge of calendar validity.
        assert!(Format::Date.matches("2023-02-31"));
    }

    #[test]
    fn date_time() {
        check(
            Format::DateTime,
            &[
                "2024-01-15T10:20:30Z",
                "2024-01-15t10:20:30z",
                "2024-01-15T10:20:30.123Z",
                "2024-01-15T10:20:30.123456789+02:00",
                "2024-01-15T10:20:30-05:00",
                "2024-01-15T23:59:60Z",
            ],
            &[
                "",
                "2024-01-15",
                "2024-01-15T10:20:30",
                "2024-01-15 10:20:30Z",
                "2024-01-15T10:20Z",
                "2024-01-15T10:20:30.Z",
                "2024-01-15T10:20:30.1a2Z",
                "2024-01-15T10:20:30+0200",
                "2024-01-15T10:20:30+02",
                "2024-13-15T10:20:30Z",
                "2024-01-15T1:20:30Z",
                "2024-01-15T10:20:30ZZ",
                "T10:20:30Z",
            ],
        );
    }

    #[test]
    fn uri() {
        check(
            Format::Uri,
            &[
                "https://example.com/a?b=c#d",
                "http://127.0.0.1:8080",
                "mailto:someone@example.com",
                "urn:isbn:0451450523",
                "a+b-c.d:x",
                "https://example.com/caf%C3%A9",
            ],
            &[
                "",
                "example.com",
                "/relative/path",
                "//example.com/no-scheme",
                "1http://example.com",
                "+http://example.com",
                "ht_tp://example.com",
                "http:",
                ":no-scheme",
                "https://exa mple.com",
                "https://example.com/\n",
                "https://example.com/\u{7f}",
            ],
        );
    }

    #[test]
    fn email() {
        check(
            Format::Email,
            &[
                "a@b.co",
                "first.last+tag@sub.example.org",
                "\"quoted@local\"@example.com",
                "üser@exämple.de",
            ],
            &[
                "",
                "plain",
                "@example.com",
                "a@localhost",
                "a@.example.com",
                "a@example.com.",
                "a b@example.com",
                "a@exam ple.com",
                "a@example.com\t",
                "a@",
            ],
        );
    }

    #[test]
    fn ipv4() {
        check(
            Format::Ipv4,
            &["0.0.0.0", "192.168.0.1", "255.255.255.255"],
            &[
                "",
                "256.0.0.1",
                "1.2.3",
                "1.2.3.4.5",
                "01.2.3.4",
                "1.2.3.4 ",
                "::1",
                "a.b.c.d",
            ],
        );
    }

    #[test]
    fn ipv6() {
        check(
            Format::Ipv6,
            &[
                "::",
                "::1",
                "2001:db8::8a2e:370:7334",
                "2001:0db8:0000:0000:0000:ff00:0042:8329",
                "::ffff:192.0.2.1",
            ],
            &[
                "",
                "1::2::3",
                "2001:db8::g",
                "[::1]",
                "fe80::1%eth0",
                "192.168.0.1",
                "1:2:3:4:5:6:7:8:9",
            ],
        );
    }

    #[test]
    fn every_format_has_a_name_for_messages() {
        use super::format_name;
        for format in [
            Format::DateTime,
            Format::Date,
            Format::Uri,
            Format::Email,
            Format::Ipv4,
            Format::Ipv6,
        ] {
            assert!(!format_name(format).is_empty());
        }
        assert_eq!(format_name(Format::Date), "date (YYYY-MM-DD)");
    }
}

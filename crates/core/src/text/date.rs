//! Calendar dates: the one date type of whosaid ([`Date`], jiff's civil date), parsed in one place.
//! No time zones: a timestamp's date is its written prefix.

pub use crate::model::Date;

/// The Unix epoch as a civil date: `date32` values count days from it.
const EPOCH: Date = Date::constant(1970, 1, 1);

/// Parses `YYYY-MM-DD`, alone or as the prefix of an RFC 3339 timestamp
/// (`2019-09-26T10:00:00Z`, `2019-09-26 10:00:00+03:30`): the date as written, no zone shift.
/// `None` for anything else, and for dates that do not exist (`2019-02-29`).
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.trim().as_bytes();
    if b.len() < 10 || !(b.len() == 10 || matches!(b[10], b'T' | b't' | b' ')) {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        b[r].iter().try_fold(0i32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + i32::from(c - b'0')))
    };
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// Parses exactly `YYYY-MM-DD` (no time part): a release date given by a user.
pub fn parse_day(s: &str) -> Option<Date> {
    (s.len() == 10).then(|| parse_date(s)).flatten()
}

/// Days since 1970-01-01 (Arrow's `date32`).
pub fn to_days(date: Date) -> i32 {
    // Dates span years -9999..=9999: about 7.3 million days either way, well inside i32.
    (date - EPOCH).get_days()
}

/// The date `days` after 1970-01-01; `None` outside the years -9999..=9999.
pub fn from_days(days: i32) -> Option<Date> {
    EPOCH.checked_add(jiff::Span::new().try_days(days).ok()?).ok()
}

/// The UTC date of a Unix time in seconds (`SOURCE_DATE_EPOCH`).
pub fn from_unix_seconds(secs: i64) -> Option<Date> {
    from_days(i32::try_from(secs.div_euclid(86_400)).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(s: &str) -> Option<i32> {
        parse_date(s).map(to_days)
    }

    #[test]
    fn known_dates() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2019-09-26"), Some(18165));
        assert_eq!(days("2019-09-26T23:10:00+02:00"), Some(18165));
        assert_eq!(days("2019-09-26 23:10:00"), Some(18165));
        assert_eq!(days("2000-02-29"), Some(11016));
        assert_eq!(days("1969-12-31"), Some(-1));
        for bad in ["2019-02-29", "2019-13-01", "2019-9-26", "2019-09-26x", "", "0000-00-00", "2019-09-00"] {
            assert_eq!(days(bad), None, "{bad:?}");
        }
        assert_eq!(parse_day("2024-02-29").map(|d| d.to_string()), Some("2024-02-29".into()));
        assert_eq!(parse_day("2024-02-03T00:00:00Z"), None);
    }

    #[test]
    fn round_trip() {
        for d in (-800_000..800_000).step_by(97) {
            let date = from_days(d).expect("in range");
            assert_eq!(to_days(date), d);
            assert_eq!(parse_date(&date.to_string()).map(to_days), (date.year() >= 0).then_some(d));
        }
        assert_eq!(from_days(18165).map(|d| d.to_string()), Some("2019-09-26".into()));
        assert_eq!(from_unix_seconds(1_569_456_000).map(|d| d.to_string()), Some("2019-09-26".into()));
        assert_eq!(from_unix_seconds(-1).map(|d| d.to_string()), Some("1969-12-31".into()));
    }
}

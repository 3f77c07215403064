//! Coordinates written as `Display` writes them, without its general algorithm.
//!
//! Painting rounds every coordinate to 0.1 px, so almost every number in a diagram is an
//! integer or has one decimal. `Display` for floats runs the shortest-round-trip search
//! (Grisu, with its fallback) on each; in a 100-server render that was a tenth of all
//! instructions (callgrind). Here a number that is exactly the nearest float to `k / 10`
//! for an integer `k` is written from `k` directly; everything else goes to `Display`.
//!
//! Why the text is the same: below the magnitude limits the floats are dense enough that
//! no other decimal with at most one fractional digit rounds to the same float, so the
//! shortest round-trip text `Display` picks is that of `k / 10` — no fractional digit
//! when `k` is a multiple of ten, one otherwise. `-0.0` is left to `Display` ("-0").
//! The tests compare both writers on every tenth in the range and on random floats.

use std::fmt::Write;

/// Writes `x` exactly as `write!(out, "{x}")` does.
pub fn write_f64(out: &mut String, x: f64) {
    // Below 2^40 an f64 is spaced under 2^-12, far finer than a tenth.
    if x.abs() < (1u64 << 40) as f64 && !(x == 0.0 && x.is_sign_negative()) {
        let k = (x * 10.0).round();
        if k / 10.0 == x {
            return write_tenths(out, k as i64);
        }
    }
    let _ = write!(out, "{x}");
}

/// Writes `x` exactly as `write!(out, "{x}")` does.
pub fn write_f32(out: &mut String, x: f32) {
    // Below 2^17 an f32 is spaced under 2^-6, finer than a tenth; `k` stays exact.
    if x.abs() < (1u32 << 17) as f32 && !(x == 0.0 && x.is_sign_negative()) {
        let k = (x * 10.0).round();
        if k / 10.0 == x {
            return write_tenths(out, k as i64);
        }
    }
    let _ = write!(out, "{x}");
}

/// `k / 10` in decimal: "-12.3", "40", "0.5".
fn write_tenths(out: &mut String, k: i64) {
    if k < 0 {
        out.push('-');
    }
    let k = k.unsigned_abs();
    write_integer(out, k / 10);
    if !k.is_multiple_of(10) {
        out.push('.');
        out.push(char::from(b'0' + (k % 10) as u8));
    }
}

fn write_integer(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours64(x: f64) -> String {
        let mut s = String::new();
        write_f64(&mut s, x);
        s
    }

    fn ours32(x: f32) -> String {
        let mut s = String::new();
        write_f32(&mut s, x);
        s
    }

    #[test]
    fn every_tenth_as_display_writes_it() {
        for k in -300_000i64..300_000 {
            let x = k as f64 / 10.0;
            assert_eq!(ours64(x), x.to_string(), "f64 {k}/10");
            let y = k as f32 / 10.0;
            assert_eq!(ours32(y), y.to_string(), "f32 {k}/10");
        }
    }

    #[test]
    fn tenths_near_the_limits_as_display_writes_them() {
        for base in [1u64 << 17, 1 << 20, 1 << 30, 1 << 40, 1 << 52] {
            for d in -50i64..50 {
                let x = base as f64 + d as f64 / 10.0;
                assert_eq!(ours64(x), x.to_string(), "f64 {x}");
                assert_eq!(ours64(-x), (-x).to_string(), "f64 -{x}");
                let y = x as f32;
                assert_eq!(ours32(y), y.to_string(), "f32 {y}");
            }
        }
    }

    #[test]
    fn signed_zero_and_specials_as_display_writes_them() {
        for x in [
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e300,
            -5e-324,
        ] {
            assert_eq!(ours64(x), x.to_string());
            assert_eq!(ours32(x as f32), (x as f32).to_string());
        }
    }

    proptest! {
        #[test]
        fn any_f64_as_display_writes_it(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(ours64(x), x.to_string());
        }

        #[test]
        fn any_f32_as_display_writes_it(bits in any::<u32>()) {
            let x = f32::from_bits(bits);
            prop_assert_eq!(ours32(x), x.to_string());
        }

        #[test]
        fn any_small_float_as_display_writes_it(x in -200_000.0f64..200_000.0) {
            prop_assert_eq!(ours64(x), x.to_string());
            prop_assert_eq!(ours32(x as f32), (x as f32).to_string());
        }
    }
}

//! Charts drawn on the server as SVG: readable without JavaScript, scaled by
//! CSS, coloured by the theme's variables. Only numbers and dates go into the
//! markup, so nothing in it needs escaping.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use super::format::{grams, kcal};
use crate::domain::nutrients::Nutrients;
use crate::store::Weight;

pub struct Day {
    pub date: NaiveDate,
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
}

const W: f64 = 720.0;
const H: f64 = 272.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 52.0;

/// Grid lines for an axis up to `max`: 4 for 2 × 10ⁿ, else 5.
fn ticks(max: f64) -> u32 {
    let mantissa = max / 10f64.powf(max.log10().floor());
    if (mantissa - 2.0).abs() < 1e-9 { 4 } else { 5 }
}

/// A "nice" upper bound for an axis (1, 2, 2.5 or 5 × a power of ten).
fn nice_max(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if v <= m * p {
            return m * p;
        }
    }
    10.0 * p
}

fn open(out: &mut String, label: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{label}" preserveAspectRatio="xMidYMid meet">"#
    );
}

/// The y axis from `lo` to `hi`: `n` + 1 grid lines, each labelled with
/// `label` of its value.
fn y_axis(out: &mut String, lo: f64, hi: f64, n: u32, label: fn(f64) -> String) {
    let plot_h = H - TOP - BOTTOM;
    for i in 0..=n {
        let v = lo + (hi - lo) * f64::from(i) / f64::from(n);
        let y = TOP + plot_h - plot_h * f64::from(i) / f64::from(n);
        let _ = write!(
            out,
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            label(v)
        );
    }
}

fn x_labels(out: &mut String, days: &[Day], slot: f64) {
    let n = days.len();
    let every = match n {
        0..=10 => 1,
        11..=31 => 7,
        _ => 14,
    };
    for (i, d) in days.iter().enumerate() {
        if !(n - 1 - i).is_multiple_of(every) {
            continue;
        }
        let x = LEFT + slot * (i as f64 + 0.5);
        // Two short lines, so that labels stay apart on narrow screens.
        let (top, bottom) = if n <= 10 {
            (d.date.format("%a").to_string(), d.date.day().to_string())
        } else {
            (d.date.day().to_string(), d.date.format("%b").to_string())
        };
        let _ = write!(
            out,
            r#"<text class="tick" x="{x:.1}" y="{}" text-anchor="middle"><tspan x="{x:.1}">{top}</tspan><tspan x="{x:.1}" dy="1.1em">{bottom}</tspan></text>"#,
            H - BOTTOM + 24.0
        );
    }
}

/// Daily calories as bars against the goal, drawn as a dashed line.
pub fn calories(days: &[Day], goal: f64) -> String {
    let mut out = String::new();
    open(
        &mut out,
        &format!(
            "Calories eaten per day against the goal of {} kcal",
            kcal(goal)
        ),
    );
    let max = nice_max(days.iter().map(|d| d.calories).fold(goal, f64::max) * 1.05);
    y_axis(&mut out, 0.0, max, ticks(max), kcal);
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / days.len().max(1) as f64;
    let bar_w = (slot * 0.7).max(1.0);
    for (i, d) in days.iter().enumerate() {
        let h = plot_h * d.calories / max;
        let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
        let class = if d.calories > goal { "bar over" } else { "bar" };
        let _ = write!(
            out,
            r#"<rect class="{class}" data-date="{}" data-kcal="{}" x="{x:.1}" y="{:.1}" width="{bar_w:.1}" height="{h:.1}" rx="2"><title>{}: {} kcal</title></rect>"#,
            d.date,
            kcal(d.calories),
            TOP + plot_h - h,
            d.date.format("%a %-d %b"),
            kcal(d.calories)
        );
    }
    let gy = TOP + plot_h - plot_h * goal / max;
    let _ = write!(
        out,
        r#"<line class="goal" x1="{LEFT}" x2="{}" y1="{gy:.1}" y2="{gy:.1}"/><text class="goal-label" x="{}" y="{:.1}" text-anchor="end">goal {}</text>"#,
        W - RIGHT,
        W - RIGHT,
        gy - 5.0,
        kcal(goal)
    );
    x_labels(&mut out, days, slot);
    out.push_str("</svg>");
    out
}

/// Protein, fat and carbohydrate grams per day, stacked, with the goals'
/// total as a dashed line.
pub fn macros(days: &[Day], goals: Nutrients) -> String {
    let mut out = String::new();
    open(
        &mut out,
        "Protein, fat and carbohydrate eaten per day, in grams",
    );
    let goal_total = goals.protein_g + goals.fat_g + goals.carbs_g;
    let max = nice_max(
        days.iter()
            .map(|d| d.protein_g + d.fat_g + d.carbs_g)
            .fold(goal_total, f64::max)
            * 1.05,
    );
    y_axis(&mut out, 0.0, max, ticks(max), kcal);
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / days.len().max(1) as f64;
    let bar_w = (slot * 0.7).max(1.0);
    for (i, d) in days.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
        let mut base = TOP + plot_h;
        for (class, g, name) in [
            ("protein", d.protein_g, "protein"),
            ("fat", d.fat_g, "fat"),
            ("carbs", d.carbs_g, "carbohydrate"),
        ] {
            let h = plot_h * g / max;
            base -= h;
            let _ = write!(
                out,
                r#"<rect class="seg {class}" x="{x:.1}" y="{base:.1}" width="{bar_w:.1}" height="{h:.1}"><title>{}: {} g {name}</title></rect>"#,
                d.date.format("%a %-d %b"),
                grams(g)
            );
        }
    }
    let gy = TOP + plot_h - plot_h * goal_total / max;
    let _ = write!(
        out,
        r#"<line class="goal" x1="{LEFT}" x2="{}" y1="{gy:.1}" y2="{gy:.1}"/>"#,
        W - RIGHT
    );
    x_labels(&mut out, days, slot);
    out.push_str("</svg>");
    out
}

/// Body weight as a line over the period.
pub fn weights(from: NaiveDate, to: NaiveDate, weights: &[Weight]) -> String {
    if weights.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    open(&mut out, "Body weight over the period, in kilograms");
    let lo = weights.iter().map(|w| w.weight_kg).fold(f64::MAX, f64::min);
    let hi = weights.iter().map(|w| w.weight_kg).fold(f64::MIN, f64::max);
    // Whole-kg grid lines: a span that 4 divides.
    let lo = (lo - 1.0).floor();
    let hi = lo + 4.0 * ((hi + 1.0 - lo) / 4.0).ceil();
    y_axis(&mut out, lo, hi, 4, grams);
    let plot_h = H - TOP - BOTTOM;
    let span = ((to - from).num_days()).max(1) as f64;
    let point = |w: &Weight| {
        let x = LEFT + (W - LEFT - RIGHT - 8.0) * (w.date - from).num_days() as f64 / span + 4.0;
        let y = TOP + plot_h - plot_h * (w.weight_kg - lo) / (hi - lo);
        (x, y)
    };
    let path: Vec<String> = weights
        .iter()
        .map(|w| {
            let (x, y) = point(w);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let _ = write!(
        out,
        r#"<polyline class="line" points="{}"/>"#,
        path.join(" ")
    );
    for (d, anchor) in [(from, "start"), (to, "end")] {
        let x = if anchor == "start" { LEFT } else { W - RIGHT };
        let _ = write!(
            out,
            r#"<text class="tick" x="{x:.1}" y="{}" text-anchor="{anchor}">{}</text>"#,
            H - BOTTOM + 24.0,
            d.format("%-d %b")
        );
    }
    for w in weights {
        let (x, y) = point(w);
        let _ = write!(
            out,
            r#"<circle class="dot" cx="{x:.1}" cy="{y:.1}" r="5"><title>{}: {} kg</title></circle>"#,
            w.date.format("%a %-d %b"),
            grams(w.weight_kg)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_bounds_are_round() {
        assert_eq!(nice_max(1830.0), 2000.0);
        assert_eq!(nice_max(2100.0), 2500.0);
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(ticks(2000.0), 4);
        assert_eq!(ticks(2500.0), 5);
        assert_eq!(ticks(1000.0), 5);
    }

    #[test]
    fn each_day_is_a_bar() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let svg = calories(
            &[Day {
                date: d,
                calories: 512.4,
                protein_g: 1.0,
                fat_g: 2.0,
                carbs_g: 3.0,
            }],
            2000.0,
        );
        assert!(svg.contains(r#"data-date="2026-11-26" data-kcal="512""#));
    }
}

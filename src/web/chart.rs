//! Charts drawn on the server as SVG: readable without JavaScript, scaled by
//! CSS, coloured by the theme's variables. Their words, numbers and dates
//! are the reader's (language and units: the axes are drawn in the reader's
//! unit); only the `data-` attributes stay in kcal. The words come from the
//! resource files and the numbers and dates from the locale code, never from
//! the person, and are escaped all the same.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use super::present::Presentation;
use crate::app::summaries::RangeSummary;
use crate::domain::nutrients::Nutrients;
use crate::domain::trend::TrendDay;
use crate::locale::msg;

pub struct Day {
    pub date: NaiveDate,
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
}

/// The three charts of a range (history page, shared report): eaten
/// against the goals, macros against the goals' total, weights with trend.
pub struct RangeCharts {
    pub calories: String,
    pub macros: String,
    pub weights: String,
}

impl RangeCharts {
    /// `goals` are the goals in force on each of `range.days`.
    pub fn of(
        l: &Presentation,
        range: &RangeSummary,
        goals: &[Nutrients],
        trend: &[TrendDay],
    ) -> RangeCharts {
        let days: Vec<Day> = range
            .days
            .iter()
            .map(|d| Day {
                date: d.date,
                calories: d.consumed.calories,
                protein_g: d.consumed.protein_g,
                fat_g: d.consumed.fat_g,
                carbs_g: d.consumed.carbs_g,
            })
            .collect();
        let calorie_goals: Vec<f64> = goals.iter().map(|g| g.calories).collect();
        let macro_goals: Vec<f64> = goals
            .iter()
            .map(|g| g.protein_g + g.fat_g + g.carbs_g)
            .collect();
        RangeCharts {
            calories: calories(l, &days, &calorie_goals),
            macros: macros(l, &days, &macro_goals),
            weights: weights(l, range.from, range.to, trend),
        }
    }
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

/// Text for the markup: the resource files' words are trusted, but a
/// translation may well hold a `&` or quotes.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole number for a `data-` attribute: no grouping, no "-0".
fn whole(x: f64) -> String {
    let r = x.round();
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r:.0}")
    }
}

fn open(out: &mut String, label: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet">"#,
        escaped(label)
    );
}

/// The y axis from `lo` to `hi`: `n` + 1 grid lines, each labelled with
/// `label` of its value.
fn y_axis(out: &mut String, lo: f64, hi: f64, n: u32, label: impl Fn(f64) -> String) {
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
            escaped(&label(v))
        );
    }
}

fn x_labels(out: &mut String, l: &Presentation, days: &[Day], slot: f64) {
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
        let y = H - BOTTOM + 24.0;
        if n <= 10 {
            // Two short lines, so that labels stay apart on narrow screens.
            let _ = write!(
                out,
                r#"<text class="tick" x="{x:.1}" y="{y}" text-anchor="middle"><tspan x="{x:.1}">{}</tspan><tspan x="{x:.1}" dy="1.1em">{}</tspan></text>"#,
                escaped(&l.day_as("%a", d.date)),
                d.date.day()
            );
        } else {
            // A week or two apart: the language's short date ("3. Nov"),
            // the last one ending at the plot's edge rather than past it.
            let (x, anchor) = if i == n - 1 {
                (W - RIGHT, "end")
            } else {
                (x, "middle")
            };
            let _ = write!(
                out,
                r#"<text class="tick" x="{x:.1}" y="{y}" text-anchor="{anchor}">{}</text>"#,
                escaped(&l.short_date(d.date))
            );
        }
    }
}

/// The goal's dashed line: straight when every day has the same goal, else
/// a step per day (goals by weekday), `y` of a goal in the plot.
fn goal_line(out: &mut String, goals: &[f64], slot: f64, y: impl Fn(f64) -> f64) {
    let same = goals.windows(2).all(|w| w[0] == w[1]);
    let Some(&first) = goals.first() else {
        return;
    };
    if same {
        let gy = y(first);
        let _ = write!(
            out,
            r#"<line class="goal" x1="{LEFT}" x2="{}" y1="{gy:.1}" y2="{gy:.1}"/>"#,
            W - RIGHT
        );
        return;
    }
    let points: Vec<String> = goals
        .iter()
        .enumerate()
        .flat_map(|(i, g)| {
            let gy = y(*g);
            let x0 = LEFT + slot * i as f64;
            [
                format!("{x0:.1},{gy:.1}"),
                format!("{:.1},{gy:.1}", x0 + slot),
            ]
        })
        .collect();
    let _ = write!(
        out,
        r#"<polyline class="goal" fill="none" points="{}"/>"#,
        points.join(" ")
    );
}

/// Daily calories as bars against each day's goal (the goals in force that
/// day), drawn as a dashed line, in the reader's energy unit.
pub fn calories(l: &Presentation, days: &[Day], goals: &[f64]) -> String {
    let mut out = String::new();
    // The label names the last day's goal: today's.
    let goal = goals.last().copied().unwrap_or_default();
    open(
        &mut out,
        &l.t1("chart-calories", "goal", l.energy_with_unit(goal)),
    );
    // The axis in the reader's unit, so that its lines fall on round values.
    let unit = |kcal: f64| l.energy_unit.from_kcal(kcal);
    let top = goals.iter().copied().fold(goal, f64::max);
    let max = nice_max(unit(days.iter().map(|d| d.calories).fold(top, f64::max)) * 1.05);
    y_axis(&mut out, 0.0, max, ticks(max), |v| l.int(v));
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / days.len().max(1) as f64;
    let bar_w = (slot * 0.7).max(1.0);
    for (i, d) in days.iter().enumerate() {
        let h = plot_h * unit(d.calories) / max;
        let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
        let day_goal = goals.get(i).copied().unwrap_or(goal);
        let class = if d.calories > day_goal {
            "bar over"
        } else {
            "bar"
        };
        let title = l.t2(
            "chart-day-energy",
            "day",
            l.day(d.date),
            "energy",
            l.energy_with_unit(d.calories),
        );
        let _ = write!(
            out,
            r#"<rect class="{class}" data-date="{}" data-kcal="{}" x="{x:.1}" y="{:.1}" width="{bar_w:.1}" height="{h:.1}" rx="2"><title>{}</title></rect>"#,
            d.date,
            whole(d.calories),
            TOP + plot_h - h,
            escaped(&title)
        );
    }
    goal_line(&mut out, goals, slot, |g| {
        TOP + plot_h - plot_h * unit(g) / max
    });
    let gy = TOP + plot_h - plot_h * unit(goal) / max;
    let _ = write!(
        out,
        r#"<text class="goal-label" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
        W - RIGHT,
        gy - 5.0,
        escaped(&l.t1("chart-goal", "goal", l.energy(goal)))
    );
    x_labels(&mut out, l, days, slot);
    out.push_str("</svg>");
    out
}

/// Protein, fat and carbohydrate grams per day, stacked, with each day's
/// goals' total (grams of the three) as a dashed line.
pub fn macros(l: &Presentation, days: &[Day], goal_totals: &[f64]) -> String {
    let mut out = String::new();
    open(&mut out, &l.t("chart-macros"));
    let goal_total = goal_totals.iter().copied().fold(0.0, f64::max);
    let max = nice_max(
        days.iter()
            .map(|d| d.protein_g + d.fat_g + d.carbs_g)
            .fold(goal_total, f64::max)
            * 1.05,
    );
    y_axis(&mut out, 0.0, max, ticks(max), |v| l.int(v));
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / days.len().max(1) as f64;
    let bar_w = (slot * 0.7).max(1.0);
    for (i, d) in days.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
        let mut base = TOP + plot_h;
        for (class, g) in [
            ("protein", d.protein_g),
            ("fat", d.fat_g),
            ("carbs", d.carbs_g),
        ] {
            let h = plot_h * g / max;
            base -= h;
            let title = l.message(
                &msg("chart-day-nutrient")
                    .arg("day", l.day(d.date))
                    .arg("grams", l.grams(g))
                    .arg("nutrient", class),
            );
            let _ = write!(
                out,
                r#"<rect class="seg {class}" x="{x:.1}" y="{base:.1}" width="{bar_w:.1}" height="{h:.1}"><title>{}</title></rect>"#,
                escaped(&title)
            );
        }
    }
    goal_line(&mut out, goal_totals, slot, |g| {
        TOP + plot_h - plot_h * g / max
    });
    x_labels(&mut out, l, days, slot);
    out.push_str("</svg>");
    out
}

/// Body weight over the period, in the reader's unit: each weighing as a
/// dot, and the trend (body.md §1) as a line over every day that has one.
/// `days` is one row per day of `from..=to`.
pub fn weights(l: &Presentation, from: NaiveDate, to: NaiveDate, days: &[TrendDay]) -> String {
    let weighed: Vec<(NaiveDate, f64)> = days
        .iter()
        .filter_map(|d| Some((d.date, d.weight_kg?)))
        .collect();
    let trend: Vec<(NaiveDate, f64)> = days
        .iter()
        .filter_map(|d| Some((d.date, d.trend_kg?)))
        .collect();
    if weighed.is_empty() && trend.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    open(&mut out, &l.t1("chart-weight", "unit", l.weight_unit()));
    let unit = |kg: f64| l.weight_unit.from_kg(kg);
    let values = || weighed.iter().chain(trend.iter()).map(|(_, kg)| unit(*kg));
    let lo = values().fold(f64::MAX, f64::min);
    let hi = values().fold(f64::MIN, f64::max);
    // Grid lines on whole kg or lb: a span that 4 divides.
    let lo = (lo - 1.0).floor();
    let hi = lo + 4.0 * ((hi + 1.0 - lo) / 4.0).ceil();
    y_axis(&mut out, lo, hi, 4, |v| l.dec1(v));
    let plot_h = H - TOP - BOTTOM;
    let span = ((to - from).num_days()).max(1) as f64;
    let point = |date: NaiveDate, kg: f64| {
        let x = LEFT + (W - LEFT - RIGHT - 8.0) * (date - from).num_days() as f64 / span + 4.0;
        let y = TOP + plot_h - plot_h * (unit(kg) - lo) / (hi - lo);
        (x, y)
    };
    let path: Vec<String> = trend
        .iter()
        .map(|&(date, kg)| {
            let (x, y) = point(date, kg);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let last_trend = trend.last().map(|t| l.weight_with_unit(t.1));
    let _ = write!(
        out,
        r#"<polyline class="line trend" points="{}"><title>{}</title></polyline>"#,
        path.join(" "),
        escaped(&l.t1("chart-trend", "weight", last_trend.unwrap_or_default()))
    );
    for (d, anchor) in [(from, "start"), (to, "end")] {
        let x = if anchor == "start" { LEFT } else { W - RIGHT };
        let _ = write!(
            out,
            r#"<text class="tick" x="{x:.1}" y="{}" text-anchor="{anchor}">{}</text>"#,
            H - BOTTOM + 24.0,
            escaped(&l.short_date(d))
        );
    }
    for &(date, kg) in &weighed {
        let (x, y) = point(date, kg);
        let title = l.t2(
            "chart-day-weight",
            "day",
            l.day(date),
            "weight",
            l.weight_with_unit(kg),
        );
        let _ = write!(
            out,
            r#"<circle class="dot" data-date="{date}" cx="{x:.1}" cy="{y:.1}" r="4"><title>{}</title></circle>"#,
            escaped(&title)
        );
    }
    out.push_str("</svg>");
    out
}

/// An axis of four equal steps around `min..=max` with a unit of margin,
/// each step a round number (1, 2, 2.5 or 5 × a power of ten) and the lines
/// on its multiples, from zero at the lowest.
fn four_steps(min: f64, max: f64) -> (f64, f64) {
    let (min, max) = ((min - 1.0).max(0.0), max + 1.0);
    let mut step = nice_max((max - min) / 4.0);
    loop {
        let lo = (min / step).floor() * step;
        if lo + 4.0 * step >= max {
            return (lo, lo + 4.0 * step);
        }
        step = nice_max(step * 1.01);
    }
}

/// One line of [`lines`]: its CSS class, its name, and its points in the
/// unit the chart is drawn in.
pub struct Series {
    pub class: &'static str,
    pub label: String,
    pub points: Vec<(NaiveDate, f64)>,
}

/// Several measurements as lines over `from..=to` (body measurements: each
/// length its own line, in the reader's unit), every point a dot with its
/// day and value (`value` writes it with its unit) as its title. Empty
/// when no series has a point.
pub fn lines(
    l: &Presentation,
    label: &str,
    from: NaiveDate,
    to: NaiveDate,
    series: &[Series],
    value: impl Fn(f64) -> String,
) -> String {
    let all = || series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    if all().next().is_none() {
        return String::new();
    }
    let mut out = String::new();
    open(&mut out, label);
    let (lo, hi) = four_steps(
        all().fold(f64::MAX, f64::min),
        all().fold(f64::MIN, f64::max),
    );
    // Whole steps are labelled whole: narrow enough for a phone's axis.
    let whole_steps = ((hi - lo) / 4.0).fract() == 0.0 && lo.fract() == 0.0;
    y_axis(&mut out, lo, hi, 4, |v| {
        if whole_steps { l.int(v) } else { l.dec1(v) }
    });
    let plot_h = H - TOP - BOTTOM;
    let span = ((to - from).num_days()).max(1) as f64;
    let point = |date: NaiveDate, v: f64| {
        let x = LEFT + (W - LEFT - RIGHT - 8.0) * (date - from).num_days() as f64 / span + 4.0;
        let y = TOP + plot_h - plot_h * (v - lo) / (hi - lo);
        (x, y)
    };
    for s in series.iter().filter(|s| !s.points.is_empty()) {
        let path: Vec<String> = s
            .points
            .iter()
            .map(|&(d, v)| {
                let (x, y) = point(d, v);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            out,
            r#"<polyline class="line {}" points="{}"/>"#,
            s.class,
            path.join(" ")
        );
        for &(d, v) in &s.points {
            let (x, y) = point(d, v);
            let title = format!("{}: {} {}", l.day(d), s.label, value(v));
            let _ = write!(
                out,
                r#"<circle class="dot {}" data-date="{d}" cx="{x:.1}" cy="{y:.1}" r="5"><title>{}</title></circle>"#,
                s.class,
                escaped(&title)
            );
        }
    }
    for (d, anchor) in [(from, "start"), (to, "end")] {
        let x = if anchor == "start" { LEFT } else { W - RIGHT };
        let _ = write!(
            out,
            r#"<text class="tick" x="{x:.1}" y="{}" text-anchor="{anchor}">{}</text>"#,
            H - BOTTOM + 24.0,
            escaped(&l.short_date(d))
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::settings::Language;
    use crate::web::present::german_imperial;

    #[test]
    fn axis_bounds_are_round() {
        assert_eq!(nice_max(1830.0), 2000.0);
        assert_eq!(nice_max(2100.0), 2500.0);
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(ticks(2000.0), 4);
        assert_eq!(ticks(2500.0), 5);
        assert_eq!(ticks(1000.0), 5);
    }

    fn day(date: NaiveDate, calories: f64) -> Day {
        Day {
            date,
            calories,
            protein_g: 1.0,
            fat_g: 2.0,
            carbs_g: 3.0,
        }
    }

    #[test]
    fn each_day_is_a_bar() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let svg = calories(
            &Presentation::anonymous(Language::En),
            &[day(d, 1512.4)],
            &[2000.0],
        );
        assert!(svg.contains(r#"data-date="2026-11-26" data-kcal="1512""#));
        assert!(
            svg.contains("<title>Thu 26 Nov: 1,512 kcal</title>"),
            "{svg}"
        );
        assert!(
            svg.contains(r#"aria-label="Calories eaten per day against the goal of 2,000 kcal""#)
        );
    }

    #[test]
    fn axes_titles_and_words_are_the_readers() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let de = german_imperial();
        let svg = calories(&de, &[day(d, 1234.5)], &[2000.0]);
        // The data stays in kcal; what people read is in kJ, in German.
        assert!(svg.contains(r#"data-kcal="1235""#), "{svg}");
        assert!(
            svg.contains("<title>Do, 26. Nov: 5.165 kJ</title>"),
            "{svg}"
        );
        assert!(svg.contains("im Vergleich zum Ziel von 8.368 kJ"), "{svg}");
        assert!(svg.contains(">Ziel 8.368</text>"), "{svg}");
        // 8368 kJ × 1.05 rounds up to an axis of 10,000 kJ in five steps.
        assert!(
            svg.contains(">10.000</text>") && svg.contains(">2.000</text>"),
            "{svg}"
        );
        assert!(svg.contains("<tspan x=\"388.0\">Do</tspan>"), "{svg}");

        let svg = macros(&de, &[day(d, 100.0)], &[470.0]);
        assert!(
            svg.contains("<title>Do, 26. Nov: 3,0 g Kohlenhydrate</title>"),
            "{svg}"
        );

        let w = |date, weight_kg: f64| TrendDay {
            date,
            weight_kg: Some(weight_kg),
            trend_kg: Some(weight_kg),
        };
        let to = d + chrono::Duration::days(29);
        let svg = weights(&de, d, to, &[w(d, 68.04), w(to, 70.0)]);
        assert!(svg.contains("in Pfund"), "{svg}");
        assert!(
            svg.contains("<title>Do, 26. Nov: 150,0 lb</title>"),
            "{svg}"
        );
        assert!(svg.contains(">25. Dez</text>"), "{svg}");
        // Whole pounds on the axis: 149 to 157.
        assert!(
            svg.contains(">149,0</text>") && svg.contains(">157,0</text>"),
            "{svg}"
        );
    }

    #[test]
    fn long_periods_are_labelled_with_short_dates() {
        let from = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        let days: Vec<Day> = (0..30)
            .map(|i| day(from + chrono::Duration::days(i), 0.0))
            .collect();
        let es = Presentation::anonymous(Language::Es);
        let svg = calories(&es, &days, &[2000.0; 30]);
        assert!(
            svg.contains(">2 dic</text>") && svg.contains(">25 nov</text>"),
            "{svg}"
        );
        assert!(svg.contains("<title>mar 3 nov: 0 kcal</title>"), "{svg}");
    }

    #[test]
    fn words_are_escaped() {
        assert_eq!(escaped(r#"a & "b" <c>"#), "a &amp; &quot;b&quot; &lt;c&gt;");
    }

    #[test]
    fn lines_draw_each_series_in_the_readers_words() {
        let from = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let to = from + chrono::Duration::days(89);
        let de = german_imperial();
        let series = [
            Series {
                class: "m-waist",
                label: "Taille".into(),
                points: vec![(from, 32.0), (to, 31.0)],
            },
            Series {
                class: "m-neck",
                label: "Hals".into(),
                points: vec![],
            },
        ];
        let svg = lines(&de, "Körpermaße in Zoll", from, to, &series, |v| {
            format!("{} in", de.dec1(v))
        });
        assert_eq!(svg.matches("<polyline").count(), 1, "{svg}");
        assert!(svg.contains(r#"class="line m-waist""#), "{svg}");
        assert!(
            svg.contains("<title>Do, 1. Okt: Taille 32,0 in</title>"),
            "{svg}"
        );
        assert!(svg.contains(r#"aria-label="Körpermaße in Zoll""#), "{svg}");
        // Whole units on the axis, labelled whole: 30 to 34.
        assert!(
            svg.contains(">30</text>") && svg.contains(">34</text>"),
            "{svg}"
        );
        assert!(lines(&de, "x", from, to, &series[1..], |v| v.to_string()).is_empty());
    }
}

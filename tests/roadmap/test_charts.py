"""The server-drawn SVG charts: well-formed, described for screen readers, escaped, and drawn
to scale with the target tick."""

import re
from xml.etree import ElementTree

from roadmap import charts
from roadmap.charts import Row, bar_chart, share_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ElementTree.fromstring(str(markup))


def test_a_bar_chart_is_an_image_with_a_title_and_a_description():
    svg = parse(bar_chart([Row("Педагоги", 40, scale=100, target=50)], title="Доли, %"))
    assert svg.get("role") == "img"
    title, description = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "Доли, %"
    assert description.text == "Педагоги: 40 (цель 50)"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {description.get('id')}"


def test_bars_are_drawn_to_scale_with_the_target_tick():
    svg = parse(bar_chart([Row("Доля", 25, scale=100, target=50)], title="t"))
    track, bar = svg.findall(f".//{SVG}rect")
    assert int(track.get("width")) == charts.BAR_WIDTH
    assert int(bar.get("width")) == charts.BAR_WIDTH // 4
    (tick,) = svg.findall(f".//{SVG}line")
    assert int(tick.get("x1")) == charts.LABEL_WIDTH + charts.BAR_WIDTH // 2
    assert bar.get("fill") == charts.BAR


def test_a_bar_that_reaches_its_target_turns_green():
    svg = parse(bar_chart([Row("Доля", 60, scale=100, target=50)], title="t"))
    assert svg.findall(f".//{SVG}rect")[1].get("fill") == charts.BAR_DONE


def test_a_value_above_the_scale_does_not_overflow():
    svg = parse(bar_chart([Row("Много", 150, scale=100)], title="t"))
    assert int(svg.findall(f".//{SVG}rect")[1].get("width")) == charts.BAR_WIDTH


def test_rows_without_a_scale_share_the_largest_value():
    svg = parse(bar_chart([Row("a", 10), Row("b", 5)], title="t"))
    widths = [int(rect.get("width")) for rect in svg.findall(f".//{SVG}rect")[1::2]]
    assert widths == [charts.BAR_WIDTH, charts.BAR_WIDTH // 2]


def test_labels_are_escaped_and_long_ones_shortened():
    label = "<script>alert(1)</script> и очень длинное название показателя дорожной карты"
    markup = str(bar_chart([Row(label, 1, text="1 шт.")], title="<b>")).replace("\n", "")
    assert "<script>" not in markup and "<b>" not in markup
    svg = parse(markup)
    shown = svg.findall(f".//{SVG}text")[0].text
    assert shown.startswith("<script>") and shown.endswith("…")
    assert charts.text_width(shown) <= charts.LABEL_WIDTH - 8
    # The full label stays in the tooltip and in the description.
    assert svg.find(f".//{SVG}g/{SVG}title").text == f"{label}: 1 шт."


def test_a_label_that_fits_is_kept_whole():
    label = "Молодые специалисты с наставником"
    svg = parse(bar_chart([Row(label, 1)], title="t"))
    assert svg.findall(f".//{SVG}text")[0].text == label


def test_fractions_are_written_with_a_comma():
    svg = parse(bar_chart([Row("Часы", 7.5)], title="t"))
    assert svg.findall(f".//{SVG}text")[1].text == "7,5"


def test_nothing_to_draw_draws_nothing():
    assert bar_chart([], title="t") == ""
    assert share_chart([("a", 0), ("b", 0)], title="t") == ""


def test_a_share_chart_splits_the_whole_and_leaves_out_empty_parts():
    svg = parse(share_chart([("Работает", 3), ("Предложена", 1), ("Расформирована", 0)], title="t"))
    legend = [text.text for text in svg.findall(f".//{SVG}text")]
    assert legend == ["Работает: 3 (75 %)", "Предложена: 1 (25 %)"]
    segments = [rect for rect in svg.findall(f"{SVG}rect") if rect.get("height") == "24"]
    assert sum(int(rect.get("width")) for rect in segments) == charts.WIDTH
    assert svg.find(f"{SVG}desc").text == "Работает: 3; Предложена: 1"


def test_each_chart_has_its_own_ids():
    markup = str(bar_chart([Row("a", 1)], title="t")) + str(share_chart([("b", 1)], title="t"))
    ids = re.findall(r'id="([^"]+)"', markup)
    assert len(ids) == len(set(ids)) == 4


def test_colours_are_presentation_attributes_not_styles():
    markup = str(bar_chart([Row("a", 1, target=2)], title="t")) + str(
        share_chart([("b", 1), ("c", 2)], title="t")
    )
    assert "style=" not in markup

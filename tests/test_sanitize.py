from service.articles.sanitize import clean_html, clean_text


def test_clean_text_strips_all_markup_and_normalises_space():
    assert clean_text("<p>Hello <b>world</b>&nbsp;&amp;\n  you</p>") == "Hello world & you"
    assert clean_text("<script>x</script>ok") in ("xok", "ok")
    assert clean_text(None) == ""
    assert clean_text("a\u200bb\u00adc") == "abc"


def test_clean_text_keeps_angle_brackets_in_text():
    assert clean_text("a < b and c > d") == "a < b and c > d"


def test_clean_html_keeps_a_small_safelist():
    out = clean_html('<p onclick="x()">Hi <a href="javascript:alert(1)">bad</a> '
                     '<a href="https://example.com/">good</a><script>alert(1)</script>'
                     '<iframe src="x"></iframe><ul><li>item</li></ul></p>')
    assert "onclick" not in out and "javascript:" not in out and "<script" not in out
    assert "alert(1)" not in out and "<iframe" not in out
    assert '<a href="https://example.com/" rel="nofollow noopener">good</a>' in out
    assert "<ul><li>item</li></ul>" in out


def test_clean_html_keeps_tables_shown_on_the_page():
    out = clean_html('<table onclick="x()"><tr><th scope="col" style="c">A</th></tr>'
                     '<tr><td colspan="2">1 <img src=x onerror=alert(1)></td></tr></table>')
    assert out == ('<table><tbody><tr><th scope="col">A</th></tr>'
                   '<tr><td colspan="2">1 </td></tr></tbody></table>')

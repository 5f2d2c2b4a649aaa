"""The preview (and every article page) renders Markdown through an HTML allowlist."""

from django.urls import reverse

HOSTILE_MARKDOWN = """## Rubrik

<script>alert('x')</script>

<img src="https://bilder.example/steg1.png" onerror="alert(1)" alt="Steg 1">
![data](data:image/png;base64,AAAA)
![relativ](/media/bild.png)

[Klicka](javascript:alert(1)) och [handboken](https://handbok.example/moms)

<a href="#" onclick="alert(1)" style="color:red">stil</a>

```
kod <b>fet</b>
```
"""


def _preview(client, user, body):
    client.force_login(user)
    response = client.post(reverse("knowledge:preview"), {"body": body}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_the_preview_removes_scripts_handlers_and_javascript_links(client, specialist_hantverk):
    html = _preview(client, specialist_hantverk, HOSTILE_MARKDOWN)

    assert "<h2>Rubrik</h2>" in html
    assert "<script" not in html and "alert('x')" not in html
    assert "onerror" not in html and "onclick" not in html and "style=" not in html
    assert "javascript:" not in html
    assert '<a rel="noopener noreferrer">Klicka</a>' in html
    assert '<a href="https://handbok.example/moms" rel="noopener noreferrer">handboken</a>' in html


def test_images_only_from_http_or_https(client, specialist_hantverk):
    html = _preview(client, specialist_hantverk, HOSTILE_MARKDOWN)

    assert 'src="https://bilder.example/steg1.png"' in html
    assert "data:image" not in html
    assert "/media/bild.png" not in html


def test_code_is_shown_as_text(client, specialist_hantverk):
    html = _preview(client, specialist_hantverk, HOSTILE_MARKDOWN)

    assert "<pre><code>kod &lt;b&gt;fet&lt;/b&gt;" in html


def test_an_empty_preview_says_where_the_text_will_appear(client, specialist_hantverk):
    html = _preview(client, specialist_hantverk, "")

    assert "The text appears here as readers will see it." in html

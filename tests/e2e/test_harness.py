import pytest


def test_the_accessibility_check_catches_a_serious_violation(page):
    page.page.set_content('<html lang="ru"><body><main><img src="photo.png"></main></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        page.check_accessibility()

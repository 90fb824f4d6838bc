"""breaker13: page kinds on held-out ministry sites, on small saved-page-shaped pages
(bodies: tests/test_extract_breaker13_body.py).

- a sentence ends in every script's way (``।``, ``۔``, ``።``, ``։``, ``။``, ``។``, ``。``), and a
  page in a script written without sentence punctuation (Thai, Lao) is measured by its lines
  of phrases: an undated short release in any of them is stored, a title and a line is not
  (F1: five Thai releases, F2: a Hindi one, were skipped as ``not_article``);
- a page skipped for want of prose (``no_prose``) that a feed or sitemap listed is counted as
  announced and skipped, so the run's summary does not say all is well (F2: ``errors: none``).
"""
from __future__ import annotations

import functools

import pytest

from crawler.extractors import generic, page_kind, sentences
from crawler.page_record import ANNOUNCED_SKIPPED_STAT, SKIPPED_PREFIX, Page, SiteRules, page_record

# Three paragraphs of a short release in each script, each ending in that script's sentence end
# (Thai and Lao: none).
RELEASES = {
    "hi": ["रक्षा मंत्री ने आज बेंगलुरु स्थित डीआरडीओ की वैमानिकी विकास प्रयोगशाला का दौरा किया।",
           "उन्होंने वैज्ञानिकों से स्वदेशी लड़ाकू विमान कार्यक्रम की प्रगति के बारे में जानकारी ली।",
           "रक्षा मंत्री ने वैज्ञानिकों के समर्पण की सराहना की।"],
    "mr": ["संरक्षण मंत्र्यांनी आज पुण्यातील राष्ट्रीय संरक्षण प्रबोधिनीला भेट दिली॥",
           "त्यांनी प्रशिक्षणार्थी अधिकाऱ्यांशी संवाद साधला आणि त्यांचे कौतुक केले॥",
           "प्रबोधिनीच्या नव्या प्रशिक्षण केंद्राचे उद्घाटनही त्यांनी केले॥"],
    "ur": ["وزیر دفاع نے آج کراچی میں بحری اڈے کا دورہ کیا اور افسران سے ملاقات کی۔",
           "انہوں نے افسران سے سمندری سلامتی کی صورتحال پر تفصیلی بریفنگ لی۔",
           "وزیر نے جوانوں کی پیشہ ورانہ مہارت اور لگن کی تعریف کی۔"],
    "am": ["የመከላከያ ሚኒስትሩ ዛሬ በአዲስ አበባ የሚገኘውን የሥልጠና ማዕከል ጎብኝተዋል።",
           "ሚኒስትሩ ከአሰልጣኞች ጋር ስለ ሥልጠናው ሂደት በዝርዝር ተወያይተዋል።",
           "ማዕከሉ በዓመት ከአምስት ሺህ በላይ ወታደሮችን ያሰለጥናል።"],
    "hy": ["Պաշտպանության նախարարն այսօր այցելել է Գյումրիում տեղակայված զորամաս։",
           "Նախարարը ծանոթացել է զինծառայողների կենցաղային պայմաններին։",
           "Այցի ընթացքում քննարկվել են մարտական պատրաստության հարցեր։"],
    "my": ["ကာကွယ်ရေးဝန်ကြီးသည် ယနေ့ ရန်ကုန်မြို့ရှိ စစ်သင်တန်းကျောင်းသို့ သွားရောက်စစ်ဆေးခဲ့သည်။",
           "ဝန်ကြီးသည် သင်တန်းဆရာများနှင့် သင်တန်းအစီအစဉ်များကို ဆွေးနွေးခဲ့သည်။",
           "သင်တန်းကျောင်းသည် နှစ်စဉ် စစ်သည်ထောင်ပေါင်းများစွာကို လေ့ကျင့်ပေးလျက်ရှိသည်။"],
    "km": ["រដ្ឋមន្ត្រីក្រសួងការពារជាតិបានអញ្ជើញទៅពិនិត្យមូលដ្ឋានយោធានៅខេត្តកំពតនាព្រឹកនេះ។",
           "លោករដ្ឋមន្ត្រីបានជួបពិភាក្សាជាមួយមេបញ្ជាការអំពីការហ្វឹកហ្វឺនកងទ័ព។",
           "ដំណើរទស្សនកិច្ចនេះនឹងបន្តរហូតដល់ចុងសប្តាហ៍នេះ។"],
    "ja": ["防衛大臣は、本日、陸上自衛隊の駐屯地を視察しました。", "大臣は、寒冷地での隊員の訓練を見学しました！",
           "今後、同様の視察を他の駐屯地でも行う予定ですか？"],
    "th": ["รัฐมนตรีว่าการกระทรวงกลาโหมให้การต้อนรับเอกอัครราชทูตญี่ปุ่นประจำประเทศไทยในโอกาสเข้าเยี่ยมคารวะ ณ ศาลาว่าการกลาโหม",
           "ทั้งสองฝ่ายได้หารือถึงความร่วมมือด้านการป้องกันประเทศ การฝึกร่วม และการช่วยเหลือด้านมนุษยธรรมและบรรเทาภัยพิบัติ",
           "ในโอกาสนี้ ฝ่ายญี่ปุ่นได้แสดงความพร้อมในการสนับสนุนการพัฒนาบุคลากรทางทหารของไทย"],
    "lo": ["ລັດຖະມົນຕີກະຊວງປ້ອງກັນປະເທດໄດ້ຕ້ອນຮັບເອກອັກຄະລັດຖະທູດຍີ່ປຸ່ນປະຈຳລາວ ທີ່ກະຊວງປ້ອງກັນປະເທດ",
           "ທັງສອງຝ່າຍໄດ້ປຶກສາຫາລືກ່ຽວກັບການຮ່ວມມືດ້ານການປ້ອງກັນປະເທດ ແລະ ການຝຶກອົບຮົມຮ່ວມກັນ",
           "ໃນໂອກາດນີ້ ຝ່າຍຍີ່ປຸ່ນໄດ້ສະແດງຄວາມພ້ອມໃນການສະໜັບສະໜູນການພັດທະນາບຸກຄະລາກອນທະຫານຂອງລາວ"],
}
TITLES = {"hi": "रक्षा मंत्री ने डीआरडीओ की प्रयोगशाला का दौरा किया", "mr": "संरक्षण मंत्र्यांची प्रबोधिनीला भेट",
          "ur": "وزیر دفاع کا بحری اڈے کا دورہ", "am": "ሚኒስትሩ የሥልጠና ማዕከል ጎበኙ",
          "hy": "Նախարարն այցելել է Գյումրի", "my": "ကာကွယ်ရေးဝန်ကြီး စစ်သင်တန်းကျောင်းသို့ သွားရောက်",
          "km": "រដ្ឋមន្ត្រីពិនិត្យមូលដ្ឋានយោធា", "ja": "防衛大臣が駐屯地を視察",
          "th": "รัฐมนตรีว่าการกระทรวงกลาโหมประชุมหารือกับเอกอัครราชทูตญี่ปุ่น",
          "lo": "ລັດຖະມົນຕີຕ້ອນຮັບເອກອັກຄະລັດຖະທູດຍີ່ປຸ່ນ"}


def release(lang: str, paragraphs: list[str]) -> str:
    """A release as the held-out sites serve it (breaker13 mini/th-a-original.html): no
    ``<article>``, no og:type, no date the reader reads, an ``<h1>`` and paragraphs."""
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{TITLES[lang]}</title></head>"
            f"<body><h1>{TITLES[lang]}</h1>{''.join(f'<p>{p}</p>' for p in paragraphs)}</body></html>")


def verdict(html: str, url: str = "http://127.0.0.1:8733/news/2569/03/05/news-1.html") -> str | None:
    return page_kind.judge(html, url, generic.extract(html, url, use_trafilatura=False))


@pytest.mark.parametrize("lang", sorted(RELEASES))
def test_an_undated_short_release_is_an_article_in_every_script(lang: str) -> None:
    assert verdict(release(lang, RELEASES[lang])) is None
    # a title and a line is still no article, in every script
    assert verdict(release(lang, RELEASES[lang][:1])) == page_kind.NO_PROSE


@pytest.mark.parametrize("lang", ["hi", "mr", "ur", "am", "hy", "my", "km", "ja"])
def test_the_lines_are_sentences_by_their_own_sentence_end(lang: str) -> None:
    """The same lines without their end mark are no sentences: the mark is what counts."""
    for line in RELEASES[lang]:
        assert sentences.ends_sentence(line), line
        assert not sentences.ends_sentence(line[:-1]), line
    assert verdict(release(lang, [line[:-1] for line in RELEASES[lang]])) == page_kind.NO_PROSE


@pytest.mark.parametrize("lang", ["th", "lo"])
def test_unpunctuated_scripts_count_lines_of_phrases_not_lines_of_words(lang: str) -> None:
    for line in RELEASES[lang]:
        assert sentences.unpunctuated(line) and sentences.ends_sentence(line), line
    # a menu or a tag list in the same script is short words between spaces: no prose
    words = " ".join(part[:5] for line in RELEASES[lang] for part in line.split())
    assert not sentences.ends_sentence(words)
    assert verdict(release(lang, [words] * 3)) == page_kind.NO_PROSE


def test_text_width_counts_combining_marks_as_nothing() -> None:
    assert sentences.text_width("ที่") == 1  # a consonant with a vowel and a tone mark above it
    assert sentences.text_width("국방부 a") == 8
    assert sentences.text_width("क्ष") == 2  # the virama joining two consonants takes no column


# --- a doubtful verdict on a page a feed or sitemap listed is not "all well"

def _outcome(html: str, feed: dict[str, str | None] | None) -> tuple[str | None, bool]:
    rules = SiteRules("generic", functools.partial(generic.extract, use_trafilatura=False),
                      timezone_known=False, judge=page_kind.judge)
    page = Page("http://127.0.0.1:8737/news/release-7.html", {"Content-Type": "text/html"},
                html.encode(), feed=feed)
    outcome = page_record(page, rules)
    return outcome.counter, (ANNOUNCED_SKIPPED_STAT, 1) in outcome.counts


ENTRY = {"source": "sitemap", "title": None, "pubDate": None, "lastmod": None}  # a bare <url><loc>


def test_a_page_skipped_for_want_of_prose_from_a_sitemap_is_announced() -> None:
    tiny = release("hi", RELEASES["hi"][:1])
    assert _outcome(tiny, ENTRY) == (SKIPPED_PREFIX + page_kind.NO_PROSE, True)
    assert _outcome(tiny, None) == (SKIPPED_PREFIX + page_kind.NO_PROSE, False)  # nobody announced it
    # a page of the site's menu is a firm verdict: a sitemap listing it says nothing
    section = tiny.replace("<body>", "<body><nav><a href='/news/release-7.html'>About</a></nav>")
    assert _outcome(section, ENTRY) == (SKIPPED_PREFIX + page_kind.NOT_ARTICLE, False)
    # and the release itself is stored
    assert _outcome(release("hi", RELEASES["hi"]), ENTRY) == (None, False)


def test_the_sitemap_passes_every_entry_to_the_page() -> None:
    """A bare ``<url><loc>`` entry (no title, date or lastmod) still says the sitemap listed it."""
    from crawler.spiders.base import FeedEntry
    from crawler.spiders.generic import GenericSpider

    spider = GenericSpider(sitemap="http://127.0.0.1:8737/sitemap.xml")
    [request] = list(spider.article_entry(FeedEntry("http://127.0.0.1:8737/a.html", source="sitemap")))
    assert request.meta["feed"] == {**ENTRY}


def test_a_menu_of_links_that_no_markup_names_makes_the_verdict_firm() -> None:
    """breaker13's Vietnamese About page: its menu is a ``div.top-bar`` of links, no ``<nav>``."""
    about = ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Giới thiệu - Bộ Quốc phòng</title>"
             "</head><body><div class='top-bar'><a href='/'>Trang chủ</a> | <a href='/gioi-thieu/'>Giới thiệu</a> | "
             "<a href='/tin-tuc/'>Tin tức - Sự kiện</a></div><h1>Giới thiệu</h1><p>Bộ Quốc phòng là cơ quan của "
             "Chính phủ thực hiện chức năng quản lý nhà nước về quốc phòng.</p></body></html>")
    url = "http://127.0.0.1:8735/gioi-thieu/"
    assert page_kind.in_link_menu(about, url)
    assert verdict(about, url) == page_kind.NOT_ARTICLE
    # the same page with no link to itself in that menu: a doubtful verdict
    other = about.replace("href='/gioi-thieu/'", "href='/lien-he/'")
    assert not page_kind.in_link_menu(other, url) and verdict(other, url) == page_kind.NO_PROSE
    # a link to the page in a line of prose is no menu
    prose = other.replace("</p>", " Xem <a href='/gioi-thieu/'>trang này</a>.</p>")
    assert not page_kind.in_link_menu(prose, url)

"""Page furniture in languages other than English and Japanese: whole body lines that are
back-to-top, print and share links, not article text.

:data:`OTHER_LANGUAGE_FURNITURE` is a regex alternation that
:data:`crawler.extractors.generic.FURNITURE_RE` joins to its English and Japanese words; a
line made only of these phrases and separators is dropped from the body. The phrases are
the labels ministry and government templates use (fr, de, es, it, pt, nl, pl, ru, uk, ko,
zh); each is a whole label, so a sentence that merely contains "drucken" or "partager" is
never a match (the regex must match the whole line).
"""
from __future__ import annotations

import re

#: Back-to-top links.
BACK_TO_TOP = (
    "haut de page", "haut de la page", "retour en haut", "retour en haut de page",
    "retour en haut de la page", "retour haut de page", "remonter", "haut",
    "nach oben", "zum seitenanfang", "seitenanfang", "nach oben scrollen", "zurück nach oben",
    "volver arriba", "ir arriba", "subir", "volver al inicio", "ir al inicio", "arriba",
    "torna su", "torna in alto", "torna all'inizio", "torna all’inizio", "inizio pagina",
    "voltar ao topo", "voltar para o topo", "ir para o topo", "topo", "topo da página",
    "naar boven", "terug naar boven",
    "do góry", "na górę", "powrót do góry",
    "наверх", "вверх", "в начало страницы", "к началу страницы", "вгору", "нагору",
    "맨 위로", "위로 가기", "맨위로",
    "返回顶部", "回到顶部", "返回頂部", "回到頂部",
)
#: Print links.
PRINT = (
    "imprimer", "imprimer cette page", "imprimer la page", "version imprimable",
    "drucken", "seite drucken", "druckversion", "druckansicht",
    "imprimir", "imprimir página", "imprimir esta página", "versión para imprimir",
    "stampa", "stampa questa pagina", "stampa la pagina", "versione stampabile",
    "afdrukken", "printen", "drukuj", "печать", "распечатать", "версия для печати", "друк",
    "인쇄", "인쇄하기", "打印", "列印",
)
#: Share bars and their network names.
SHARE = (
    "partager", "partager sur", "partager cette page", "partager l'article", "partager l’article",
    "teilen", "seite teilen", "diese seite teilen", "teilen auf", "twittern",
    "compartir", "compartir en", "compartilhar", "partilhar", "condividi", "condividi su",
    "delen", "udostępnij", "поделиться", "поширити", "공유", "공유하기", "分享",
    "envoyer par e-mail", "envoyer par courriel", "per e-mail senden", "enviar por correo",
)
#: Arrows drawn before or as back-to-top links.
ARROWS = ("▲", "△", "↑", "⇧", "⬆", "^")


def _alternation(phrases: tuple[str, ...]) -> str:
    # Longest first, so "haut de page" is tried before "haut"; spaces match any whitespace.
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


#: The phrases above as one alternation (case-insensitive in FURNITURE_RE).
OTHER_LANGUAGE_FURNITURE = _alternation(BACK_TO_TOP + PRINT + SHARE + ARROWS)


# --- lines that begin with a label ---------------------------------------------------------------
# Whole lines whose first words say what they are: a photo credit ("Foto: dpa", "Crédits photos :
# Bestimage"), a pointer to another article ("MIRA: …", "Lesen Sie auch: …", "Read more: …"),
# a follow/newsletter prompt ("Síguenos en Telegram…", "Sign up for our newsletter") or a
# listen button ("Escucha esta nota aquí"). Only short lines (:data:`MAX_LABELLED_LINE`), so a
# paragraph that happens to begin "Photo" is never one.

#: Photo credit labels; the credit follows a colon, "©", "via" or "by".
PHOTO_CREDIT = (
    "photo", "photos", "photo credit", "photo credits", "photo source", "image", "image credit",
    "credit", "crédit photo", "crédits photo", "crédits photos", "foto", "fotos", "fotografía",
    "imagen", "imágenes", "bild", "bilder", "bildquelle", "beitragsbild", "titelbild", "fotoquelle",
    "fonte foto", "foto di", "фото",
)
#: Pointers to other articles; the pointed headline follows a colon.
SEE_ALSO = (
    "mira", "puedes ver", "lee también", "lea también", "te puede interesar", "también te puede interesar",
    "le puede interesar", "ver también", "noticia relacionada", "lesen sie auch", "lesen sie mehr",
    "auch interessant", "mehr zum thema", "das könnte sie auch interessieren", "read more", "read also",
    "also read", "see also", "related", "related article", "related story", "à lire aussi", "lire aussi",
    "voir aussi", "leggi anche", "vedi anche", "leia também", "veja também", "lees ook",
    "читайте также", "смотрите также",
)
#: Follow, newsletter and listen prompts: the whole line starts with one of these.
PROMPT = (
    "síguenos en", "siguenos en", "síguenos", "follow us on", "follow us", "folgen sie uns",
    "suivez-nous", "suivez nous", "seguici su", "siga-nos", "volg ons",
    "sign up for", "sign up to", "subscribe to our", "never miss the latest", "abonnieren sie",
    "melden sie sich für", "abonnez-vous", "inscríbete", "suscríbete",
    "escucha esta nota", "listen to this article", "artikel anhören", "écouter l'article",
    "écouter cet article",
)
#: A labelled line longer than this is prose, kept.
MAX_LABELLED_LINE = 200

LABELLED_LINE_RE = re.compile(
    rf"(?:(?:{_alternation(PHOTO_CREDIT)})\s*(?::|©|\bvia\b|\bby\b)"
    rf"|(?:{_alternation(SEE_ALSO)})\s*:|(?:{_alternation(PROMPT)})\b)",
    re.IGNORECASE,
)


def is_labelled_line(line: str) -> bool:
    """True for a short line that a label marks as a photo credit, a pointer to another
    article, or a follow/newsletter/listen prompt (see :data:`LABELLED_LINE_RE`)."""
    text = line.strip()
    return len(text) <= MAX_LABELLED_LINE and LABELLED_LINE_RE.match(text) is not None


# --- date labels -------------------------------------------------------------------------------
# The words a date line starts with ("Published: …", "Publicado em …", "Data aktualizacji: …",
# "수정일 …"): CMS defaults and ministry templates (WordPress, Drupal, Plone/gov.br, gov.pl,
# gov.uk, Korean board layouts, India's PIB, Vietnamese and Thai portals), per language.
# A label of a change dates ``dateModified``.

#: Labels of a publication (or creation) date.
PUBLISHED_LABELS = (
    "published", "published on", "first published", "posted", "posted on", "written", "created",
    "date", "release date", "date published", "dated", "issued", "on",
    "公開日", "掲載日", "発表日", "作成日", "日付",
    "veröffentlicht", "veröffentlicht am", "erstellt", "erstellt am", "datum",
    "publié le", "publié", "date de publication",
    "publicado", "publicado el", "publicado en", "publicado em", "fecha", "fecha de publicación",
    "data de publicação", "data da publicação", "publicação",
    "pubblicato", "pubblicato il", "data di pubblicazione", "data",
    "gepubliceerd", "gepubliceerd op",
    "data publikacji", "opublikowano", "opublikowane", "data utworzenia",
    "опубликовано", "дата", "дата публикации", "опубліковано", "дата публікації",
    "diposting", "diposting pada", "diterbitkan", "dipublikasikan", "tanggal",
    "yayın tarihi", "yayınlanma tarihi", "tarih",
    "작성일", "등록일", "게시일", "게재일", "날짜",
    "發布日期", "发布日期", "發佈日期", "發布時間", "发布时间", "發文日期", "公告日期", "日期",
    # Hindi (PIB's "प्रविष्टि तिथि:", posted on), Vietnamese, Hebrew, Thai
    "प्रविष्टि तिथि", "प्रकाशित", "प्रकाशित तिथि", "प्रकाशन तिथि", "दिनांक", "तिथि", "तारीख",
    "ngày đăng", "đăng ngày", "đăng lúc", "ngày xuất bản", "xuất bản", "ngày phát hành",
    "פורסם", "פורסם ב", "פורסם בתאריך", "תאריך", "תאריך פרסום",
    "วันที่", "เผยแพร่", "เผยแพร่เมื่อ", "วันที่เผยแพร่", "ประกาศเมื่อ", "โพสต์เมื่อ", "ลงวันที่",
    # The EU's other official languages and the G20's Arabic (no CLDR or dateparser data names
    # "published": the CMS strings of WordPress, Drupal and Liferay translations): Greek,
    # Czech, Slovak, Slovenian, Croatian, Romanian, Bulgarian, Hungarian, Swedish, Danish,
    # Norwegian, Finnish, Estonian, Latvian, Lithuanian, Maltese, Irish, Arabic.
    "δημοσίευση", "δημοσιεύθηκε", "δημοσιεύτηκε", "ημερομηνία", "ημερομηνία δημοσίευσης",
    "publikováno", "zveřejněno", "vydáno", "datum zveřejnění", "datum vydání",
    "publikované", "zverejnené", "dátum", "dátum zverejnenia", "dátum publikovania",
    "objavljeno", "datum objave", "objava",
    "publicat", "publicat la", "publicat pe", "publicată", "data publicării",
    "публикувано", "дата на публикуване", "публикуван на",
    "közzétéve", "megjelent", "publikálva", "dátum", "közzététel dátuma",
    "publicerad", "publicerat", "publicerades", "publiceret", "udgivet", "offentliggjort", "dato",
    "publisert", "publisert dato",
    "julkaistu", "päivämäärä", "julkaisupäivä",
    "avaldatud", "kuupäev", "publicēts", "datums", "publicēšanas datums", "paskelbta",
    "publikuota", "paskelbimo data", "ippubblikat", "foilsithe", "dáta",
    "نشر في", "نشر بتاريخ", "تاريخ النشر", "نُشر في", "بتاريخ", "التاريخ",
    # a release's kind before its date ("Ανακοίνωση Τύπου 5 Μαρτίου 2026", "Press release 5 March
    # 2026"): the day it is issued
    "press release", "ανακοίνωση τύπου", "δελτίο τύπου", "tisková zpráva", "komunikat prasowy",
    "pressmeddelande", "comunicat de presă", "comunicado de prensa", "nota de prensa",
    "nota à imprensa", "communiqué de presse", "pressemitteilung", "comunicato stampa",
    "persbericht",
)
#: Labels of a change date ("Last updated …", "Actualizado el …", "Ultimo aggiornamento: …").
MODIFIED_LABELS = (
    "updated", "updated on", "last updated", "last modified", "modified", "revised", "last revised",
    "aktualisiert", "aktualisiert am", "letzte änderung", "zuletzt aktualisiert", "geändert",
    "geändert am", "stand",
    "mis à jour", "mis à jour le", "modifié", "modifié le", "dernière mise à jour",
    "actualizado", "actualizado el", "actualizado en", "última actualización", "modificado",
    "modificado el", "atualizado", "atualizado em", "última atualização", "modificado em",
    "aggiornato", "aggiornato il", "ultimo aggiornamento", "ultima modifica", "modificato il",
    "bijgewerkt", "bijgewerkt op", "laatst gewijzigd", "gewijzigd op",
    "data aktualizacji", "zaktualizowano", "ostatnia aktualizacja", "aktualizacja",
    "data modyfikacji", "zmodyfikowano",
    "обновлено", "изменено", "дата обновления", "оновлено", "змінено", "дата оновлення",
    "diperbarui", "pembaruan", "güncelleme", "güncellenme tarihi", "son güncelleme",
    "更新日", "最終更新", "最終更新日",
    "수정일", "최종수정일", "최종 수정일", "변경일", "업데이트",
    "更新日期", "更新時間", "更新时间", "最後更新", "最后更新", "修改日期",
    "अद्यतन", "अंतिम अद्यतन", "अद्यतन तिथि", "अपडेट", "संशोधित",
    "cập nhật", "cập nhật lúc", "ngày cập nhật", "cập nhật lần cuối",
    "עודכן", "עודכן לאחרונה", "עודכן ב", "עדכון אחרון",
    "แก้ไขล่าสุด", "แก้ไขเมื่อ", "ปรับปรุงล่าสุด", "ปรับปรุงเมื่อ", "อัปเดต", "อัปเดตล่าสุด", "อัพเดท",
    # the EU's other languages and Arabic, as PUBLISHED_LABELS
    "ενημέρωση", "τελευταία ενημέρωση", "ενημερώθηκε", "τροποποίηση", "τελευταία τροποποίηση",
    "aktualizováno", "poslední aktualizace", "upraveno", "změněno", "datum aktualizace",
    "aktualizované", "posledná aktualizácia", "upravené", "zmenené",
    "posodobljeno", "zadnja sprememba", "spremenjeno", "ažurirano", "zadnja izmjena", "izmijenjeno",
    "actualizat", "actualizat la", "actualizat pe", "ultima actualizare", "modificat", "data actualizării",
    "обновено", "актуализирано", "последна актуализация", "редактирано",
    "frissítve", "módosítva", "utolsó frissítés", "utolsó módosítás",
    "uppdaterad", "uppdaterat", "senast uppdaterad", "ändrad", "senast ändrad",
    "opdateret", "senest opdateret", "ændret", "oppdatert", "sist oppdatert", "endret", "sist endret",
    "päivitetty", "muokattu", "viimeksi päivitetty", "uuendatud", "muudetud", "viimati uuendatud",
    "atjaunināts", "labots", "pēdējās izmaiņas", "atnaujinta", "redaguota", "paskutinį kartą atnaujinta",
    "aġġornat", "l-aħħar aġġornament", "nuashonraithe",
    "آخر تحديث", "تم التحديث", "تاريخ التحديث", "تحديث",
)
#: Words that join a byline to its date in a CMS date line ("Submitted by admin on …",
#: "Opublikowane przez admin, …", "Publicado por Ana el …"): "by" in each language.
BYLINE_WORDS = ("by", "par", "von", "por", "di", "da", "door", "от", "przez", "af", "av")


def label_alternation(labels: tuple[str, ...]) -> str:
    """The labels as one regex alternation, longest first, spaces matching any whitespace."""
    return _alternation(labels)

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

"""The noise rules: everything on a news page that must never be read aloud, as one table.

A listener cannot skim past junk, so every stray caption, ad label or "Related" link costs them
seconds of speech. The rules are data, kept apart from the algorithm (as trafilatura keeps its
XPath expressions apart): each row says what it matches, where, and -- in ``why`` -- the kind of
page that needs it. The extractor (html_extract.py) and the plain-text reader (plaintext.py) only
*apply* this table; to teach them about a new kind of junk, add a row here and a golden page in
tests/golden/ that shows it.

Kinds of rule:

* ``ELEMENT``   -- HTML element names removed with their content before extraction.
* ``ROLE``      -- ARIA ``role`` values removed with their content.
* ``CLASS_ID``  -- regular expressions matched against each class token and the id of an
  element (lower-cased; a token like ``ad-slot`` is matched whole, so ``head`` never hits ``ad``).
* ``ATTRIBUTE`` -- regular expressions matched against ``name=value`` for each attribute of an
  element: what the page hides (``style="display:none"``, ``hidden``, ``aria-hidden="true"``).
* ``LINK_REL``  -- ``rel`` values of links; an element made mostly of such links goes (a
  WordPress "Tags" line of ``rel="tag"`` links).
* ``STRUCTURE`` -- shapes of markup that are never the article whatever they are called, with
  their limits below (a headline-and-blurb card that is one big link; a run of paragraphs that
  are each nothing but a link).
* ``LINE``      -- regular expressions matched against a whole paragraph or plain-text line
  after extraction. ``action`` says what happens:
  ``drop`` the line; ``strip`` cut the matched words and keep the rest; ``rail`` drop it
  and the run of short link-like lines after it (a "Latest Headlines" list); ``end`` drop it
  and everything after it (a comments section); ``url`` cut the matched web addresses from a
  short line, and drop the line if what is left is only a plug for them ("More AP NBA:").

A rule must name junk, never a topic: "Getty Images" alone is not a rule (a story may be about
Getty Images); a line *ending* in "/Getty Images" is a photo credit.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from service.articles import explain


@dataclass(frozen=True)
class Rule:
    kind: str  # "element" | "role" | "class_id" | "attribute" | "link_rel" | "structure" | "line"
    pattern: str
    why: str
    action: str = "drop"
    # LINE rules: words any match must contain, so a costly pattern runs only on lines that
    # have them (a speed-up only: the pattern alone decides)
    hint: str = ""
    regex: re.Pattern = field(init=False, repr=False, compare=False)
    hint_regex: re.Pattern | None = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        flags = re.IGNORECASE if self.kind in ("class_id", "role", "attribute", "link_rel") else 0
        object.__setattr__(self, "regex", re.compile(self.pattern, flags))
        object.__setattr__(self, "hint_regex", re.compile(self.hint) if self.hint else None)

    def search(self, line: str):
        if self.hint_regex is not None and not self.hint_regex.search(line):
            return None
        return self.regex.search(line)


# ---------------------------------------------------------------------------------------------
# Element kinds: never article prose on any page.
ELEMENT_RULES = [
    Rule("element", "script", "every page: code, never text"),
    Rule("element", "style", "every page: CSS"),
    Rule("element", "noscript", "pages with tracking pixels and 'enable JavaScript' notices"),
    Rule("element", "template", "pages built client-side keep inert copies of widgets here"),
    Rule("element", "iframe", "embedded ads, videos and social posts"),
    Rule("element", "svg", "icons in share bars and logos"),
    Rule("element", "canvas", "charts and ads drawn by script"),
    Rule("element", "form", "newsletter sign-up, search and comment forms"),
    Rule("element", "button", "'Accept cookies', 'Share', 'Load more' controls"),
    Rule("element", "input", "search boxes and e-mail fields"),
    Rule("element", "select", "edition and language pickers"),
    Rule("element", "textarea", "comment boxes"),
    Rule("element", "dialog", "cookie and paywall pop-ups"),
    Rule("element", "nav", "site navigation, breadcrumbs, pagination"),
    Rule("element", "footer", "site footers: copyright, terms, privacy links"),
    Rule("element", "aside", "sidebars: 'Latest Headlines', 'Most read', ad rails"),
    Rule("element", "figcaption", "news photos: the caption and its credit ('File Photo by ...')"),
]

# ARIA roles: landmarks that are never the article.
ROLE_RULES = [
    Rule("role", r"^(navigation|menu|menubar|menuitem|toolbar)$", "site menus and share toolbars"),
    Rule("role", r"^(banner|contentinfo)$", "site header and footer marked up as landmarks"),
    Rule("role", r"^complementary$", "sidebars marked up as landmarks (related stories, ads)"),
    Rule("role", r"^(search|form)$", "search boxes and sign-up forms"),
    Rule("role", r"^(dialog|alertdialog|alert)$", "cookie banners, paywall and newsletter pop-ups"),
    Rule("role", r"^(tablist|tab)$", "'Most read / Most shared' tab widgets"),
]

# Class and id names. Matched against each token (and the id), lower-cased. ``(^|[-_])`` and
# ``($|[-_])`` keep a rule to whole name parts: "ad-slot" and "top_ad" match, "header" does not.
_P, _S = r"(^|[-_])", r"($|[-_])"
CLASS_ID_RULES = [
    Rule("class_id", rf"{_P}(ads?|advert\w*|advertis\w*|adslot|adunit|adblock\w*|dfp|gpt|"
                     rf"doubleclick|sponsor(ed)?|promo(ted|tion)?|outbrain|taboola|"
                     rf"native-?ad|ad-?(slot|unit|label|wrapper|container|zone|placeholder)){_S}",
         "pages with inline ad slots labelled 'Advertisement' (UPI, most newspapers)"),
    Rule("class_id", rf"^div-gpt-ad", "Google Publisher Tag ad slots by id"),
    Rule("class_id", rf"{_P}(promo[a-z]+|teasers?[a-z]*){_S}",
         "teaser cards for other stories set inside the body ('PromoSmall', 'teaser-box'; "
         "LA Times, Brightspot sites): a headline link and its blurb"),
    Rule("class_id", rf"{_P}(caption|credit|photo-?credit|image-?credit|img-?credit|"
                     rf"media-?credit|wp-caption-text|figcaption){_S}"
                     # camel-cased, lower-cased here: "newsCaption", "imageEmbedCredit"
                     rf"|{_P}[a-z]{{2,}}(caption|credit){_S}",
         "news photos: captions and credits outside <figcaption> ('AP Photo', 'Getty Images')"),
    Rule("class_id", rf"{_P}(related|recommended|recirc\w*|more-?stories|more-?from|"
                     rf"read-?more|read-?next|up-?next|also-?read|see-?also|"
                     rf"most-?(read|popular|viewed|shared)|trending|popular|headlines|"
                     rf"latest(-?news)?|you-?may-?like|suggested|further-?reading){_S}",
         "inline 'RECOMMENDED' links and 'Latest Headlines' / 'Most read' rails"),
    Rule("class_id", rf"{_P}(share|sharing|sharebar|share-?bar|share-?tools|social|"
                     rf"social-?(links|share|media|icons)|sociable|addthis|sharethis){_S}",
         "share bars: 'Share on Facebook', 'Tweet', 'Email'"),
    Rule("class_id", rf"{_P}(newsletter\w*|subscribe\w*|subscription|signup|sign-?up|"
                     rf"inline-?signup|email-?(signup|capture)){_S}",
         "newsletter boxes: 'Sign up for our newsletter'"),
    Rule("class_id", rf"{_P}(cookie\w*|consent|gdpr|cmp|privacy-?banner){_S}",
         "cookie and consent banners ('We use cookies ...')"),
    Rule("class_id", rf"{_P}(paywall|piano|regwall|meter(ed)?|premium-?(box|banner)|"
                     rf"subscriber-?only){_S}",
         "paywall prompts: 'Subscribe to continue reading'"),
    Rule("class_id", rf"{_P}(comments?|comment-?list|disqus\w*|discussion|replies|"
                     rf"respond|livefyre|coral\w*){_S}",
         "reader comments under blog posts and news stories"),
    Rule("class_id", rf"{_P}(breadcrumbs?|crumbs|pagination|pager|skip-?link|"
                     rf"site-?(nav|header|footer)|masthead|navbar|menu|footer){_S}",
         "site chrome: breadcrumbs, menus, footers with 'Copyright'"),
    Rule("class_id", rf"{_P}(tags?|tag-?list|topics|keywords|categories){_S}",
         "'Topics: Donald Trump, James Mattis' tag lists under a story"),
    Rule("class_id", rf"{_P}(author-?(bio|box|card|info)|about-?the-?author|byline|"
                     rf"dateline|timestamp|article-?meta|post-?meta|meta-?data){_S}",
         "bylines and author boxes: metadata, read once as byline, not as body"),
    Rule("class_id", rf"{_P}(print-?(button|link)|visually-?hidden|sr-?only|"
                     rf"screen-?reader-?text|offscreen){_S}",
         "'Print this page', hidden helper text ('Opens in a new window')"),
    Rule("class_id", rf"^(sidebar|side-?bar|side-?rail|right-?rail|widget-?area)\d*{_S}",
         "sidebars outside <aside> ('<td class=sidebar>' on a blog: 'Official links', "
         "'Powered by Tumblr'); only a name that starts with the word: 'l-sidebar-fixed' and "
         "'has-sidebar' are layouts around the article"),
    Rule("class_id", rf"{_P}(video-?player|video-?embed|gallery|slideshow|carousel){_S}",
         "video players and photo galleries (embedded posts stay: the story may quote them)"),
]

# Attributes: what the page itself does not show, or hides from screen readers. A listener
# should hear what a sighted reader sees, once. Matched against ``name=value`` (lower-cased).
ATTRIBUTE_RULES = [
    Rule("attribute", r"^style=.*\b(display\s*:\s*none|visibility\s*:\s*hidden)\b",
         "hidden copies of the article for search engines (a schema.org block with its own "
         "articleBody, styled display:none), 'Email this story' forms, collapsed menus"),
    Rule("attribute", r"^hidden=",
         "the HTML 'hidden' attribute: 'Follow the author' boxes, templates for pop-ups"),
    Rule("attribute", r"^aria-hidden=true$",
         "text the page hides from screen readers: pull quotes repeating the story, "
         "decorative captions, ad slots, menus drawn twice for mobile"),
]

# Link relations: links that are the site's taxonomy, never part of a sentence's meaning.
LINK_REL_RULES = [
    Rule("link_rel", r"^(tag|category)$",
         "WordPress 'Tags' / 'Categories' lines of rel=\"tag\" links under a post, outside any "
         "class the CLASS_ID rules know ('<strong>Tags<br><a rel=tag>...</a>, ...')"),
]
LINK_REL_SHARE = 0.7  # of an element's text inside such links, for it to be a tag list

# Structures: shapes of markup that are never the article, whatever their names.
STRUCTURE_RULES = [
    Rule("structure", "linked-card",
         "teaser cards for other stories made of one link around a headline and its blurb "
         "('<a href=/guide><h4>Night Mode</h4><p>Night mode is ...</p></a>' in a sidebar or "
         "a card grid): a block inside a link is never a paragraph of this article"),
    Rule("structure", "link-run",
         "related-story lists written as paragraphs that are each one link ('<p><a>Who will "
         "make the Rock Hall in 2020?</a></p>' three times at the end of the body; video "
         "lists after the last paragraph of a deals post)"),
    Rule("structure", "link-list",
         "a list whose every item is a link: a table of contents ('1 History', '2 Values' "
         "linking to the page's own headings, on encyclopedia and documentation pages) or a "
         "'Further reading' list of other pages; a listener can follow neither"),
]
LINKED_CARD_MAX_WORDS = 80  # longer, and a "card" is more likely an unclosed <a> swallowing text
LINK_RUN = 2  # this many link-only paragraphs in a row are a list of links; one may be a source

# Class tokens that never name a widget even when they contain a noise word:
# * taxonomy classes describe the *content* ("tag-business", "category-advertising",
#   "has-comments") -- WordPress and Drupal put them on the article itself;
# * a token naming a content container ("entry-content-read-more", "ad_body",
#   "story-body-ad-free") is where the text lives.
SKIP_TOKEN_RULES = [
    Rule("class_id", r"^(tag|tags|category|categories|cat|post|format|type|status|has|is|"
                     r"page|node|section|topic|term|author|single|template|parent|pageid|"
                     r"postid|theme|lang|site)[-_]",
         "WordPress/Drupal pages put taxonomy classes on the article element"),
    Rule("class_id", r"(content|body|text|article-?main|story-?main|entry|main-?column|"
                     r"main-?content|richtext|prose)",
         "pages whose article container is named first, then a feature ('entry-content-"
         "read-more'); only when the content word comes first ('sponsored-content' is an ad)"),
    Rule("class_id", r"(^|[-_])(no|non|not|without)[-_]?$",
         "a noise word negated just before it names a state, not a widget: BuzzFeed's "
         "'no_caption' is on the story's own list items (matched on the name before the word)"),
]

# Lines (a paragraph after extraction, or one line of pasted text). Case-sensitive on purpose:
# "RECOMMENDED" as a label is upper-case, "recommended" in a sentence is prose.
_END = r"\s*$"
LINE_RULES = [
    # --- ads
    Rule("line", r"^\s*(Advertisement|ADVERTISEMENT|Advertising|ADVERTISING|Anzeige|Publicidade|"
                 r"Publicidad|Pubblicità|Publicité|Реклама|Sponsored( Content)?|SPONSORED|"
                 r"Paid (Content|Post)|Ad)\s*[:.]?$",
         "ad slots left in copied text and in article bodies (UPI, newspapers)"),
    Rule("line", r"^\s*(Skip|Continue reading|Story continues|Article continues)\b.{0,30}"
                 r"(advertisement|ad)\b.*$|^\s*(Story|Article) continues below\b.*$",
         "'Story continues below advertisement' markers (Canadian and US newspapers)"),
    # --- photo captions and credits
    Rule("line", r"(\b(File |AP |Reuters |AFP |EPA |Staff |Courtesy )?(Photo(graph)?s?|Image|"
                 r"Picture)s? (by|courtesy( of)?|credit:?)\s+\S.{0,80}"
                 r"(\s*\|\s*License Photo)?|\|\s*License Photo)" + _END,
         "photo captions ending in their credit ('File Photo by ... | License Photo', UPI)", hint='Photo|Image|Picture'),
    Rule("line", r"\([^()]{0,60}\bvia (AP|AFP|Reuters|EPA|Getty Images)(, File)?\)" + _END,
         "wire photo captions crediting the picture's source ('(NASA via AP, File)')",
         hint='via'),
    Rule("line", r"\((AP|AFP|Reuters|EPA)( Photo| Images)?(/[^)]{0,80})?\)" + _END +
                 r"|\bAP Photo/",
         "wire-service photo captions ('(AP Photo/Evan Vucci)')", hint='AP|AFP|Reuters|EPA'),
    Rule("line", r"(/|\bvia |\bby |: |\()\s*(Getty Images|Shutterstock|iStock(photo)?|"
                 r"Alamy|EPA-EFE|AFP via Getty Images|Bloomberg via Getty Images)\)?\.?" + _END,
         "captions ending in a stock-photo credit ('Photo: Jane Doe/Getty Images')", hint='Getty|Shutterstock|iStock|Alamy|EPA-EFE'),
    Rule("line", r"^\s*(Image|Photo|Picture|Media) (copyright|caption)\b.*$",
         "a picture's credit or caption with its label read out ('Image copyright Getty "
         "Images', BBC's off-screen labels)", hint='copyright|caption'),
    Rule("line", r"^\s*(Photo|Photograph|Image|Picture|Credit|Image credit|Photo credit|"
                 r"Foto|Фото|Bild|Crédito|Credito)s?\s*[:|/]\s*\S",
         "credit lines under photos ('Photo: Reuters', 'Image credit: NASA')"),
    Rule("line", r"\((Graphic|Illustration|Chart|Map|Photo|Video)s? (by|courtesy of)\b[^)]*\)"
                 + _END,
         "infographic credits ('(Graphic by Jane Doe)')"),
    Rule("line", r"^(?=(\S+\s+){0,25}\S*$).*\b(?i:photos?|images?|pictures?|foto)\s*"
                 r"(©|\(c\)|&copy;)\s*\S.{0,60}$",
         "captions of design and art blogs ending in a copyright credit ('Jewels after Jewels, "
         "installation views, photos © Inexhibit, 2018')", hint='©|\\(c\\)|&copy;'),
    # --- related links
    Rule("line", r"^\s*[\[(]?(RECOMMENDED|RELATED|READ MORE|READ ALSO|ALSO READ|SEE MORE|MORE|"
                 r"SEE ALSO|WATCH|LISTEN|TRENDING|MUST READ|DON'T MISS|EDITOR'S PICKS?|"
                 r"RELATED ARTICLES?|RELATED STORIES|MORE STORIES|MORE NEWS)\b\s*[:|]?"
                 r"(\s*\S.*)?$",
         "inline related-story links ('RECOMMENDED Trump to CIA ...', UPI; 'READ MORE: ...')"),
    Rule("line", r"^\s*[\[(]?(Read more|Read More|Related|Related Articles?|Related Stories|"
                 r"Related Content|Related Coverage|Related News|Related posts?|Related Post|"
                 r"Related [A-Z][a-z]+|"
                 r"See also|See more|Also|Also read|Read also|Also see|"
                 r"Read next|Read Next|Recommended|Recommended for you|Editor's Picks?|"
                 r"More on this story|More from [A-Z][\w&' .-]{0,40}|More stories|"
                 r"Further reading|Leia também|Leia mais|Veja também|Lesen Sie auch|"
                 r"Mehr zum Thema|Leggi anche|Lire aussi|Lea también|Читайте также|"
                 r"Baca juga)(\s\w{1,4})?\s*[:»>|–-](\s*\S.*)?$",
         "'Read more: ...', '[Related: ...]', 'Also: ...' links inside article bodies"),
    Rule("line", r"\[(INSIGHT|REVEAL|ANALYSIS|PICTURES|VIDEO|REACTION|LATEST|POLL|COMMENT|"
                 r"EXCLUSIVE|REPORT|UPDATE|LIVE|PICS|GALLERY)\]",
         "tabloid link lists whose items end in '[INSIGHT]', '[VIDEO]' (Express, Mirror)"),
    # --- rails: a heading followed by a list of headlines
    Rule("line", r"^\s*(Latest Headlines|Latest News|Latest Stories|Top Stories|Top Headlines|"
                 r"Most Read|Most Popular|Most Viewed|Most Shared|Trending( Now| Stories)?|"
                 r"Related( Articles| Stories| Content| Coverage| News| Posts)?|More Stories|"
                 r"More News|More|More [Ff]rom [A-Z][\w&' .-]{0,40}|You [Mm]ay [Aa]lso [Ll]ike|"
                 r"You [Mm]ight [Aa]lso [Ll]ike|Recommended( for [Yy]ou)?|Read [Nn]ext|"
                 r"Up [Nn]ext|What to [Rr]ead [Nn]ext|Around the [Ww]eb|Editor's Picks?|"
                 r"In [Oo]ther [Nn]ews|Popular [Nn]ow|Popular on [A-Z][\w&' .-]{0,40}|"
                 r"DON'T MISS|Don't [Mm]iss|Sponsored [Ss]tories|Promoted [Ss]tories)"
                 r"\s*[:.…]*$",
         "'Latest Headlines' / 'Most Read' / 'You may also like...' rails (UPI, most news sites)",
         action="rail"),
    # --- share, newsletter, subscribe, cookies, paywall
    Rule("line", r"^\s*(Share (on|via|to) \w+|Share this( article| story| page)?|Share|"
                 r"Tweet( this)?|Email( this)?|Print( this)?|Copy link|Pin it|"
                 r"Share on (Facebook|Twitter|X|WhatsApp|LinkedIn|Reddit|Email))\b\s*[:!.]?"
                 r"(\s*(Share|Tweet|Email|Print|Facebook|Twitter|WhatsApp|LinkedIn)\b\s*)*$",
         "share bars copied as text ('Share on Facebook Share on Twitter Email')"),
    Rule("line", r"^.{0,40}\b(Share (it|this)( story| article)? with (a|your) friends?|"
                 r"Share this (story|article)\b|Click to share)\b.{0,60}$",
         "'Like this story? Share it with a friend!' prompts under stories"),
    Rule("line", r"^\s*(?i:sign up|subscribe|get our|get the|don't miss|join|stay on top)\b"
                 r".{0,80}\b(?i:newsletters?|inbox|e-?mail|briefing|alerts?)\b.{0,120}$",
         "newsletter boxes ('Sign up for our newsletter', 'Get the top stories in your inbox')"),
    Rule("line", r"^.{0,80}\b(?i:sign up for|subscribe to)\b.{0,40}\b(?i:newsletters?)\b.{0,80}$",
         "newsletter plugs inside the last paragraph ('Sign up for our Email Newsletters here')"),
    Rule("line", r"^\s*(?i:receba|assine|inscreva-se|cadastre-se|suscr[ií]bete|rec[ií]be|"
                 r"abonnieren sie|melden sie sich|inscrivez-vous|recevez|iscriviti|ricevi)\b"
                 r".{0,120}\b(?i:e-?mail|newsletters?|inbox|caixa de entrada|correo|"
                 r"posteingang|boîte)\b.{0,200}$",
         "newsletter and e-book sign-up boxes on Portuguese, Spanish, German, French and "
         "Italian sites ('Receba em seu email nosso ebook ...')"),
    Rule("line", r"^\s*(Subscribe( now)?|Already a subscriber\??|Log ?in to (continue|read)|"
                 r"Subscribe to (continue|read)|This (article|content|story) is "
                 r"(for|only available to|exclusive to) (subscribers|members)|"
                 r"To continue reading\b|Become a (member|subscriber)\b|"
                 r"You have reached (your|the) (limit|maximum)\b|Create a free account\b)"
                 r".{0,160}$",
         "paywall and registration prompts on metered news sites"),
    Rule("line", r"^.{0,120}\b(delivered (through|to) your (letterbox|door)|"
                 r"\d+ issues for [£$€]\d)",
         "magazine subscription offers at the end of an article"),
    Rule("line", r"(?i)\b(we|[A-Z][\w.]+) (may )?(earn|get|receive) (a )?(small )?"
                 r"(commission|share of the sale|affiliate)|\baffiliate links?\b.{0,80}$",
         "shopping and deals posts: affiliate disclosures", hint='(?i)commission|share of the sale|affiliate'),
    Rule("line", r"\b(We|This (site|website)) uses? cookies\b|\bcookie (policy|settings|"
                 r"preferences)\b|\bBy (continuing|using) (to (use|browse) )?(this|our) "
                 r"(site|website)\b.{0,80}\bcookies\b|\bAccept (all )?cookies\b",
         "cookie banners copied with the page text", hint='(?i)cookie'),
    Rule("line", r"^\s*(Copyright\s*(©|\(c\)|&copy;|\d{4})|©|\(c\) \d{4})\s*.{0,160}$|"
                 r"\bAll [Rr]ights [Rr]eserved\.?\s*$|"
                 r"^\s*(?i:copyright)\b.{0,60}\b(19|20)\d{2}\b.{0,80}$",
         "copyright footers ('Copyright © 2017 United Press International')", hint='(?i)copyright|©|\\(c\\)|rights reserved'),
    Rule("line", r"^\s*(Topics|Tags|Filed under|Categories)\s*:",
         "tag lists under a story ('Topics: Donald Trump')"),
    Rule("line", r"^\s*(?i:click here|tap here)\b.{0,120}$|^\s*(Follow|Like) us on\b.{0,80}$|"
                 r"^\s*Follow\b.{0,80}\bon (Facebook|Twitter|Instagram|X|LinkedIn|TikTok)\b.{0,80}$",
         "calls to action: 'Click here to ...', 'Follow the Opinion section on Facebook'"),
    # --- credits and furniture around the story
    Rule("line", r"^\s*\(?((Additional |Additonal )?[Rr]eporting|Writing|Editing|Compiled|"
                 r"Edited|Produced) by\b.{0,300}\)?\.?$",
         "wire stories' credit line ('(Reporting by ...; Editing by ...)', Reuters)"),
    Rule("line", r"^\s*(SOURCE|Source|Fonte|Quelle|Fuente)\s*:\s*\S.{0,60}$",
         "'SOURCE: Al Jazeera News' lines after syndicated stories"),
    Rule("line", r"^\s*(\d+\s*(min|minute|minutes|mins)\.? read|Reading time:?.{0,20}|"
                 r"Tempo de leitura:?.{0,20}|Lesezeit:?.{0,20}|Temps de lecture:?.{0,20})\s*$",
         "'5 min read' / 'Tempo de leitura: 1 minuto' labels"),
    Rule("line", r"^\s*((Updated|Published|Posted|Last updated|Atualizado|Publicado)\b:?)?"
                 r"[^.!?]{0,60}\b(19|20)\d{2}\b[^.!?]{0,25}\b\d{1,2}[:h]\d{2}\b.{0,20}$",
         "date and time lines ('sexta-feira, 22 de outubro de 2010 às 20:13')"),
    Rule("line", r"^\s*(\d{1,2}[:h]\d{2}\s*(AM|PM|am|pm)?\s*[A-Z]{2,4}\s+)?\d{1,2}[/.-]\d{1,2}"
                 r"[/.-]\d{2,4}\b(\s+(by|por|von)\s+.{0,60})?\s*$|^\s*\d{4}-\d{2}-\d{2}\s*$",
         "date lines and '5:45 AM PST 11/19/2019 by Jane Doe' stamps (trade press, blogs)"),
    Rule("line", r"^\s*(?i:published|updated|posted)\b:?[^.!?|]{0,40}\b(19|20)\d{2}\b\s*"
                 r"\|\s*(?i:updated|last updated)\b:?[^.!?|]{0,40}\b(19|20)\d{2}\b\s*$",
         "'PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: ...' stamps (Daily Express)",
         hint='(?i)updated'),
    Rule("line", r"^\s*(Published|Updated|Posted|Last updated|Publicado|Atualizado|"
                 r"Veröffentlicht|Aktualisiert)\b:?\s.{0,40}\b(19|20)\d{2}\b.{0,20}$",
         "'Published 18 November 2019' stamps"),
    Rule("line", r"^.{0,40}\b(Publicado por|Postado por|Posted by|Published by|"
                 r"Geschrieben von)\s*:",
         "blog post footers ('- Publicado por: Jane - Categoria: Saúde - Tags: ...')"),
    Rule("line", r"^\s*(Tags|TAGS|Tagged|Tagged with|Topics|Schlagworte)\s*:?\s+[^.!?]{1,60}"
                 r"(,\s*[^.!?,]{1,60}){2,}$",
         "tag lists without a colon ('Tags stock car 2018, stock car brasil, ...')"),
    Rule("line", r"(?i)\(\s*(photo |image )?credit:?\s[^)]{1,80}\)\s*$",
         "captions ending in '(credit: NASA/Jude Guidry)' (space and science news)"),
    Rule("line", r"\b(pic\.twitter\.com/\w+|https?://t\.co/\w+)",
         "embedded tweets quoted in a story: their picture and short links are never worth "
         "hearing spelt out (the tweet's words stay)", action="strip"),
    Rule("line", r"(?i)\s*click to tweet\s*$",
         "'Click To Tweet' buttons glued to pull quotes on blogs (the quote stays)",
         action="strip"),
    Rule("line", r"^[^.]{0,80}\bcontributed (to this report|reporting|to this story)\b.{0,80}$",
         "contributor notes ('Keith Bradsher contributed reporting from Hong Kong.', NYT)"),
    Rule("line", r"\s*\b(https?://|www\.)\S+",
         "web addresses in short lines, never worth hearing spelt out: plugs built around one "
         "('More AP NBA: https://apnews.com/NBA') go; a deals list's item keeps its words "
         "('7) Ghostbusters Collection (2 Blu-Ray) http://amzn.to/...')", action="url"),
    Rule("line", r"\[/?(button|caption|embed|gallery|video|audio|su_\w+)\b[^\]]*\]",
         "WordPress shortcodes left unrendered in the body ('[button link=...]Send us your "
         "review[/button]')"),
    Rule("line", r"^(?=(\S+\s+){0,14}\S*$).*\b[\w.+-]+@[\w-]+\.[\w.]+\b",
         "author contact lines ('Write to Al Root at allen.root@dowjones.com')"),
    Rule("line", r"^(?=(\S+\s+){0,60}\S*$)(?=.*\b(?i:letters? to the editor|tips?|write to (us|me)|"
                 r"e-?mail (us|me)|send (us|me)|contact (us|me)|get in touch|hear (what you think|"
                 r"from you))\b).*\b[\w.+-]+@[\w-]+\.[a-z]{2,}\b",
         "invitations under opinion pieces and news stories to write in ('We'd like to hear "
         "what you think ... here's our email: letters@...', 'Got a tip? Email tips@...')", hint='@'),
    Rule("line", r"(?i)^\s*(order reprints|print article|reprints|an error has occurred\b.*|"
                 r"this article has been sent to|thank you)\.?\s*$|"
                 r"^\s*This copy is for your personal, non-commercial use only\b",
         "reprint and e-mail-this-article widgets (Dow Jones, newspapers)"),
    Rule("line", r"^\s*If you (enjoyed|liked|value|appreciate) (this|our) (article|story|post|"
                 r"journalism|work)\b.{0,600}$",
         "membership pitches after opinion pieces ('If you enjoyed this article ... Join')"),
    Rule("line", r"^.{0,200}\bFollow (him|her|them|us|me)\b.{0,20}\bon (Twitter|Facebook|"
                 r"Instagram|X|LinkedIn)\b.{0,80}$",
         "author plugs at the end of magazine stories ('Follow him on Twitter @...')"),
    Rule("line", r"(?i)(\bcomments?|comentários|kommentare)\b.{0,100}\bmodera(t|d)|"
                 r"\bmodera(t|d)\w*\b.{0,60}\b(comments?|comentários)\b",
         "comment moderation notices above reader comments", hint='(?i)modera'),
    Rule("line", r"(?i)^\W*comments? (are|is|have been|has been) (now )?(closed|disabled|"
                 r"turned off)( (on|for) (this|the) (article|story|post|page))?\W*$",
         "comments-closed notices ('Comments are closed on this article.')",
         hint='(?i)comment'),
    Rule("line", r"^\s*(Citation|Cite this article)\s*:|\bretrieved \d{1,2} \w+ \d{4} from\b",
         "science news citation boxes (phys.org)", hint='(?i)citation|cite this|retrieved'),
    Rule("line", r"^\s*(Explore further|Partner (news|content)|Top stories|Related reading|"
                 r"More (information|info):?)\s*$",
         "rails under science and regional news ('Explore further', 'Partner news')",
         action="rail"),
    # --- comments: everything after the header is readers, not the article
    Rule("line", r"^\s*(\d+\s+)?(Comments?|COMMENTS?|comments|Reader [Cc]omments|"
                 r"Leave a [Cc]omment|Leave a [Rr]eply|Join the [Cc]onversation|Show [Cc]omments|"
                 r"View [Cc]omments|Add a [Cc]omment|Post a [Cc]omment|Tell us what (YOU|you) "
                 r"think\.*|Comentários|Kommentare|Commenti|Commentaires)\s*(\(\d+\))?\s*[:]?$",
         "reader comments under blogs and news stories", action="end"),
]

ALL_RULES = (ELEMENT_RULES + ROLE_RULES + CLASS_ID_RULES + SKIP_TOKEN_RULES + ATTRIBUTE_RULES
             + LINK_REL_RULES + STRUCTURE_RULES + LINE_RULES)

NOISE_ELEMENTS = frozenset(r.pattern for r in ELEMENT_RULES)
_ROLE_RE = re.compile("|".join(f"(?:{r.pattern})" for r in ROLE_RULES), re.IGNORECASE)
_CLASS_ID_RE = re.compile("|".join(f"(?:{r.pattern})" for r in CLASS_ID_RULES), re.IGNORECASE)


_MEDIA_RE = next(r.regex for r in CLASS_ID_RULES if "slideshow" in r.pattern)


def is_media_name(token: str) -> bool:
    """A class token naming a player or photo gallery: its prose is captions, however long."""
    return _MEDIA_RE.search(token) is not None


def is_noise_role(role: str) -> bool:
    return any(_ROLE_RE.search(tok) for tok in role.split())


_TAXONOMY_RE = SKIP_TOKEN_RULES[0].regex
_CONTAINER_RE = SKIP_TOKEN_RULES[1].regex
_NEGATED_RE = SKIP_TOKEN_RULES[2].regex


@functools.lru_cache(maxsize=4096)
def noise_token(class_and_id: str) -> str | None:
    """The first class token (or id) naming a kind of junk in CLASS_ID_RULES, else None.
    (Cached: a page repeats the same few class names on thousands of elements.)"""
    for tok in class_and_id.lower().split():
        if len(tok) > 40 or tok.count("-") + tok.count("_") > 4:
            continue  # generated or compound names ("m-advertisement-off-canvas--pusher")
        hit = _CLASS_ID_RE.search(tok)
        if not hit or _TAXONOMY_RE.match(tok):
            continue
        container = _CONTAINER_RE.search(tok)
        if container and container.start() < hit.start():
            continue
        if _NEGATED_RE.search(tok[:hit.start()]):
            continue
        return tok
    return None


_HIDING = ("style", "hidden", "aria-hidden")


def hidden_by(attrib) -> str | None:
    """The ``name=value`` of the attribute that hides an element (ATTRIBUTE_RULES), else None."""
    for name in _HIDING:
        value = attrib.get(name)
        if value is None:
            continue
        pair = f"{name}={value.strip().lower()}"
        if any(rule.regex.search(pair) for rule in ATTRIBUTE_RULES):
            return pair
    return None


def is_taxonomy_rel(rel: str | None) -> bool:
    """A link's ``rel`` naming the site's taxonomy (LINK_REL_RULES): "tag", "category tag"."""
    return bool(rel) and any(r.regex.search(tok) for tok in rel.split() for r in LINK_REL_RULES)


def is_noise_name(class_and_id: str) -> bool:
    """True when any class token or the id names a kind of junk in CLASS_ID_RULES."""
    return noise_token(class_and_id) is not None


def match_line(line: str) -> Rule | None:
    """The first LINE rule that drops this paragraph or line, or None if it is prose."""
    for rule in LINE_RULES:
        if rule.action not in ("strip", "url") and rule.search(line):
            return rule
    return None


URL_LINE_WORDS = 21  # a line this short with a web address is a plug or a list item
_PLUG_END = re.compile(r"(^|[:|–—-]|\b(at|visit|here|see|on|and|or))\W*$", re.IGNORECASE)
PLUG_WORDS = 5  # fewer words than this left around the addresses: a plug


def strip_line(line: str) -> str:
    """The line with every ``strip`` rule's match cut out, and a ``url`` rule's addresses cut
    from a short line ("" when what is left only pointed at them)."""
    whole = line
    for rule in LINE_RULES:
        if rule.action == "strip":
            _note_cut(rule, line)
            line = rule.regex.sub(" ", line)
        elif rule.action == "url" and len(line.split()) <= URL_LINE_WORDS \
                and rule.regex.search(line):
            _note_cut(rule, line)
            line = rule.regex.sub("", line)
            if len(re.findall(r"\w+", line)) < PLUG_WORDS or _PLUG_END.search(line):
                explain.note(explain.DROPPED, "line", f"url: {rule.why[:60]}", whole)
                return ""
    return " ".join(line.split())


def _note_cut(rule: Rule, line: str) -> None:
    """For the explain view: what a strip or url rule cuts out of a line."""
    if explain.active():
        for m in rule.regex.finditer(line):
            explain.note(explain.DROPPED, "line", f"{rule.action}: {rule.why[:60]}", m.group())


def is_link_like(line: str) -> bool:
    """A headline in a rail: short, and not ending like a sentence (a short question or
    exclamation is a headline too: "Will rail fares rise again in 2024?")."""
    words = line.split()
    if re.search(r"[?!]['\"”’)]?$", line.strip()):
        return 0 < len(words) <= 15
    return 0 < len(words) <= 20 and not re.search(r"[.…:;]['\"”’)]?$", line.strip())

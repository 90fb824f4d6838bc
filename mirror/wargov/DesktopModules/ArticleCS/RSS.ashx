<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>U.S. Department of War Releases</title>
    <link>/News/Releases/</link>
    <description>Official releases from the U.S. Department of War.</description>
    <language>en-us</language>
    <lastBuildDate>Wed, 26 Aug 2026 15:42:00 GMT</lastBuildDate>
    <atom:link href="/DesktopModules/ArticleCS/RSS.ashx?ContentType=1&amp;Site=945&amp;max=10" rel="self" type="application/rss+xml" />
    <item>
      <title>War Department Partners With Industry on Critical Minerals Stockpile</title>
      <link>/News/Releases/Release/Article/4521400/war-department-partners-with-industry-on-critical-minerals-stockpile/</link>
      <guid isPermaLink="false">4521400</guid>
      <description>The Department of War announced agreements with industry partners to expand the national stockpile of critical minerals.</description>
      <pubDate>Wed, 26 Aug 2026 15:42:00 GMT</pubDate>
      <dc:creator>U.S. Department of War</dc:creator>
      <category>Release</category>
    </item>
    <item>
      <title>Pentagon Press Secretary Kingsley Wilson Holds a Press Briefing</title>
      <link>/News/Transcripts/Transcript/Article/4520011/pentagon-press-secretary-kingsley-wilson-holds-a-press-briefing/</link>
      <guid isPermaLink="false">4520011</guid>
      <description>PENTAGON PRESS SECRETARY KINGSLEY WILSON: Good afternoon, everyone. I have two announcements and then I&#x27;ll take your questions. First, Secretary Hegseth will travel to the Indo-Pacific next week. We will share more details on the...</description>
      <pubDate>Tue, 25 Aug 2026 18:00:00 GMT</pubDate>
      <dc:creator>U.S. Department of War</dc:creator>
      <category>Transcript</category>
    </item>
    <item>
      <title>Readout of Secretary of War Pete Hegseth&#x27;s Call With Japanese Minister of Defense Shinjiro Koizumi</title>
      <link>/News/Releases/Release/Article/4521334/readout-of-secretary-of-war-pete-hegseths-call-with-japanese-minister-of-defense-shinjiro-koizumi/</link>
      <guid isPermaLink="false">4521334</guid>
      <description>Pentagon Press Secretary Kingsley Wilson provided the following readout: Secretary of War Pete Hegseth spoke today with Japanese Minister of Defense Shinjiro Koizumi.</description>
      <pubDate>Wed, 26 Aug 2026 15:42:00 GMT</pubDate>
      <dc:creator>U.S. Department of War</dc:creator>
      <category>Release</category>
    </item>
    <item>
      <title>Readout of Deputy Secretary of War Steve Feinberg&#x27;s Meeting With Philippine Undersecretary for Defense Policy</title>
      <link>/News/Releases/Release/Article/4520876/readout-of-deputy-secretary-of-war-steve-feinbergs-meeting-with-philippine-undersecretary-for-defense-policy/</link>
      <guid isPermaLink="false">4520876</guid>
      <description>Pentagon Press Secretary Kingsley Wilson provided the following readout: Deputy Secretary of War Steve Feinberg met today with the Philippine Undersecretary for Defense Policy at the Pentagon.</description>
      <pubDate>Mon, 24 Aug 2026 21:05:00 GMT</pubDate>
      <dc:creator>U.S. Department of War</dc:creator>
      <category>Release</category>
    </item>
    <item>
      <title>Secretary of War Pete Hegseth Announces Travel to the Indo-Pacific</title>
      <link>/News/Releases/Release/Article/4519902/secretary-of-war-pete-hegseth-announces-travel-to-the-indo-pacific/</link>
      <guid isPermaLink="false">4519902</guid>
      <description>Secretary of War Pete Hegseth will travel to the Indo-Pacific next week to meet with allies and partners and U.S. service members stationed in the region. The Secretary&#x27;s engagements will focus on restoring deterrence, strengthening...</description>
      <pubDate>Fri, 21 Aug 2026 16:30:00 GMT</pubDate>
      <dc:creator>U.S. Department of War</dc:creator>
      <category>Release</category>
    </item>
    <item>
      <title>Readout of Secretary of War Pete Hegseth&#x27;s Meeting With Australian Deputy Prime Minister Richard Marles</title>
      <link>/News/Releases/Release/Article/4518240/readout-of-secretary-of-war-pete-hegseths-meeting-with-australian-deputy-prime-minister-richard-marles/</link>
      <guid isPermaLink="false">4518240</guid>
      <description>Pentagon Press Secretary Kingsley Wilson provided the following readout: Secretary of War Pete Hegseth hosted Australian Deputy Prime Minister and Minister for Defence Richard Marles at the Pentagon today.</description>
      <pubDate>Wed, 19 Aug 2026 19:12:00 GMT</pubDate>
      <dc:creator>U.S. Department of War</dc:creator>
      <category>Release</category>
    </item>
    <item>
      <title>Readout of Secretary of Defense Lloyd J. Austin III&#x27;s Meeting With Japanese Minister of Defense Kihara Minoru</title>
      <link>/News/News-Releases/News-Release-View/Article/3762300/readout-of-secretary-of-defense-lloyd-j-austin-iiis-meeting-with-japanese-minister-of-defense-kihara-minoru/</link>
      <guid isPermaLink="false">3762300</guid>
      <description>Pentagon Press Secretary Maj. Gen. Pat Ryder provided the following readout: Secretary of Defense Lloyd J. Austin III met with Japanese Minister of Defense Kihara Minoru in Honolulu, Hawaii, today.</description>
      <pubDate>Thu, 02 May 2024 22:15:00 GMT</pubDate>
      <dc:creator>U.S. Department of War</dc:creator>
      <category>Release</category>
    </item>
  </channel>
</rss>

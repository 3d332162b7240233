"""The words that say what kind of figure a number is: forecast, change, return, level, flow, plan, pledge.

Grammar patterns rather than data: each is a handful of verb forms and phrases read around one
figure by `context._kind`, in English and Chinese.
"""
from __future__ import annotations

import re

_FORECAST_RE = re.compile(
    r"\b(?:expect(?:s|ed|ing|ation|ations)?|forecast(?:s|ed|ing)?|project(?:s|ed|ion|ions)|"
    r"predict(?:s|ed|ion|ions)?|estimat(?:e|es|ed)|anticipat(?:e|es|ed)|will|shall|outlook|"
    r"guidance|target(?:s|ed)?|(?:is|are)\s+set\s+to|on\s+track\s+to|likely\s+to|poised\s+to|"
    r"(?:could|may|might|would)\s+(?:\w+\s+)?(?:reach|hit|exceed|top|bring|generate|add|deliver|produce|contribute|"
    r"grow|rise|climb|double|be\s+worth)|to\s+reach|by\s+(?:the\s+end\s+of\s+)?20[0-9]{2}|"
    r"plan(?:s|ned)?\s+to|aim(?:s|ed)?\s+to)\b"
    r"|预计|预期|预测|有望|将|计划|目标|到20[0-9]{2}年",
    re.IGNORECASE,
)
_CHANGE_VERBS = (
    r"increas(?:e|es|ed|ing)|ris(?:e|es|en|ing)|rose|gr(?:ew|ow|ows|own|owing)|gain(?:s|ed)?|"
    r"jump(?:s|ed)?|climb(?:s|ed)?|surg(?:e|es|ed)|soar(?:s|ed)?|rall(?:y|ies|ied)|advanc(?:e|es|ed)|"
    r"add(?:s|ed)?|fell|fall(?:s|en)?|drop(?:s|ped)?|declin(?:e|es|ed)|decreas(?:e|es|ed)|slid|"
    r"slip(?:s|ped)?|plung(?:e|es|ed)|plummet(?:s|ed)?|tumbl(?:e|es|ed)|sank|sink(?:s)?|slump(?:s|ed)?|"
    r"lost|los(?:e|es)|shed|dip(?:s|ped)?|eas(?:e|es|ed)|edg(?:e|es|ed)|improv(?:e|es|ed)|"
    r"boost(?:s|ed)?|lift(?:s|ed)?|cut|reduc(?:e|es|ed)|shr(?:ank|ink|inks)|expand(?:s|ed)?|"
    r"doubl(?:e|es|ed)|tripl(?:e|es|ed)|(?<!make )(?<!makes )(?<!made )(?<!making )up|down|higher|lower|growth|gains?|losses?|"
    r"增长|增加|上升|上涨|提升|提高|下降|下跌|减少|降低|同比|环比|增幅|涨幅|增速"
)
# "raised 5%" is a change; "raised $5 billion" is usually a funding round, so money leaves it out.
_CHANGE_BEFORE_RE = re.compile(
    rf"(?:\b|(?<=[\u4e00-\u9fff]))(?:{_CHANGE_VERBS}|rais(?:e|es|ed|ing)|hik(?:e|es|ed))(?![a-z])",
    re.IGNORECASE,
)
_CHANGE_AFTER_RE = re.compile(
    r"\s*(?:increase|rise|gain|growth|jump|drop|decline|decrease|fall|surge|higher|lower|more|less|up|"
    r"down|year[\s-]on[\s-]year|yoy|y/y|from\s+a\s+year|on\s+the\s+year|over\s+the\s+(?:previous|prior|"
    r"last|same)|to\b)(?![a-z])",
    re.IGNORECASE,
)
# "up from $9.5 billion": the base a forecast starts from is a reported figure.
_FROM_BEFORE_RE = re.compile(
    r"\b(?:from|versus|vs\.?|compared\s+(?:with|to))\s+(?:(?:about|around|nearly|almost|roughly|an?|estimated)\s+)*$",
    re.IGNORECASE,
)
_MONEY_CHANGE_AFTER_RE = re.compile(r"\s*(?:increase|rise|gain|drop|decline|decrease|more|less|cut|reduction|boost)\b",
                                    re.IGNORECASE)
# "grew 12.5% to $687 billion": the rate and the level it leads to are one statement.
_RATE_TO_LEVEL_RE = re.compile(
    r"\s*,?\s*to\s+(?:(?:about|around|nearly|almost|roughly|approximately|some|over|more\s+than|"
    r"an\s+estimated|a\s+record)\s+)*",
    re.IGNORECASE,
)
_LEVEL_RE = re.compile(r"\b(?:to|at|from)\b", re.IGNORECASE)
_MONEY_CHANGE_BEFORE_RE = re.compile(
    rf"(?:\b(?:{_CHANGE_VERBS})|\b(?:increase|rise|gain|drop|decline|decrease|growth|jump|fall|cut)\s+of)"
    r"\s+(?:by\s+)?(?:(?:about|around|nearly|almost|roughly|approximately|some|over|more\s+than|"
    r"less\s+than|just|only|as\s+much\s+as|a\s+further|another|an\s+additional)\s+)*$",
    re.IGNORECASE,
)
_CLAUSE_BREAK_RE = re.compile(r"[，；;：]|[,:](?=\s)")



_CAGR_RE = re.compile(r"compound(?:ed)? (?:annual |average )?(?:growth|increase)(?: rate)?"
                      r"|annual(?:ised|ized)? compound(?:ed)? (?:growth|increase)|\bCAGR\b"
                      r"|复合(?:年)?增长率|年复合增(?:长|速)|年均复合", re.I)
# A fund's or an index's return is a change whatever verb gives its level: "returned 56%", "its
# six-month return came to 112%", "a 73.6% return", "年内收益率达50%".
# A return in translated Chinese fund news: "yield rate" (收益率), "net value growth rate" (净值增长率),
# "earned 226%", and a long index name between the word and the figure ("the interval return of
# the ... Index was 93.33%").
_RETURN_CUE = (r"(?:\b(?:return(?:s|ed|ing)?|gain(?:s|ed)?|earn(?:s|ed|ing)?|yield\s+rates?|growth\s+rates?)\b"
               r"|收益率|收益|涨幅|回报率?|累计上涨|上涨|增长率)")
_RETURN_BEFORE_RE = re.compile(_RETURN_CUE + r"[^,，;；.。]{0,90}$", re.IGNORECASE)
_RETURN_ANYWHERE_RE = re.compile(_RETURN_CUE, re.IGNORECASE)
_RESPECTIVELY_RE = re.compile(r"\brespectively\b|分别")
_RETURN_AFTER_RE = re.compile(r"\s*(?:total\s+|annual(?:ised|ized)?\s+|cumulative\s+)?(?:returns?|gains?)\b",
                              re.IGNORECASE)
# The size of a fund or the money flowing in or out of it: reported levels, never forecasts.
_FLOW_BEFORE_RE = re.compile(
    r"\b(?:(?:net\s+)?(?:inflows?|outflows?|purchases?|buying|redemptions?|subscriptions?)|took\s+in|taken\s+in|"
    r"takes?\s+in|taking\s+in|pulled\s+in|pulls?\s+in|drew|draws?|drawn|gathered|gathers?|attracted|attracts?)\b"
    r"[^,;.]{0,30}$|(?:净流入|净申购|净买入|资金流入|吸金)[^，；。]{0,12}$",
    re.IGNORECASE,
)
_FLOW_AFTER_RE = re.compile(
    r"\s*(?:of|in|to)\s+(?:net\s+)?(?:new\s+)?(?:inflows?|outflows?|money|purchases|subscriptions|redemptions)\b",
    re.IGNORECASE,
)
_SIZE_BEFORE_RE = re.compile(
    r"\b(?:assets(?:\s+under\s+management)?|AUM|net\s+assets|fund\s+size|manages|managed|managing|holds|held|"
    r"oversees|oversaw)\b[^,;.]{0,25}$|(?:(?:基金|ETF|产品|管理|资产)规模|资产净值|净资产)[^，；。]{0,12}$",
    re.IGNORECASE,
)
_SIZE_AFTER_RE = re.compile(r"(?:-|\s+)(?:fund|ETF|portfolio|trust|in\s+assets|of\s+assets|under\s+management)\b"
                            r"|(?:的)?(?:基金|ETF)", re.IGNORECASE)
# Spending plans: capital expenditure for a year not yet over is a forecast of spending.
_PLAN_RE = re.compile(
    r"\b(?:capex|capital\s+(?:expenditures?|spending|investment)|budget(?:s|ed)?|spending\s+plans?)\b"
    r"|资本开支|资本支出|预算|投资计划",
    re.IGNORECASE,
)
# A pledge to invest is a commitment, not a forecast of anything: "plans to invest up to $500
# billion", "$100 billion that will be deployed", "承诺投资500亿元".
_PLEDGE_BEFORE_RE = re.compile(
    r"\b(?:invest(?:s|ed|ing)?|commit(?:s|ted|ting)?|pledg(?:e|es|ed|ing)|deploy(?:s|ed|ing)?|earmark(?:s|ed)?|"
    r"allocat(?:e|es|ed|ing)|inject(?:s|ed|ing)?|pour(?:s|ed|ing)?)\s+(?:(?:up\s+to|about|around|nearly|some|"
    r"roughly|over|more\s+than|as\s+much\s+as|another|an?\s+(?:additional|further|extra))\s+)*$"
    r"|(?:投资|投入|承诺|注资)(?:约|近|超过|不超过)?$",
    re.IGNORECASE,
)
_PLEDGE_AFTER_RE = re.compile(
    r"\s+(?:(?:that|which)\s+)?(?:will|would|is\s+to|are\s+to)\s+(?:ever\s+|all\s+)?be\s+"
    r"(?:deployed|invested|spent|committed|allocated)\b",
    re.IGNORECASE,
)
# "capital expenditure ... to US $56 billion": what stands between a plan word and its figure.
_PLAN_GAP = 50

"""Short articles written for the tests, in the style of machine-translated Chinese finance news.
Names and figures are real facts; every sentence is our own."""

HUATAI_STORY = """Mobile phone reading WeChat of Securities Daily
Huatai Bairui launches computing power ETF as arithmetic power demand rises
09:45, May 8, 2024    Source: Securities Daily
PineBridge Huatai Fund said on Wednesday that demand for arithmetic power keeps growing as large models spread.
Liu Jun, fund manager of Huatai-PineBridge CSI Artificial Intelligence ETF, said that GPU supply remains tight.
According to IDC, China's intelligent computing power scale is expected to reach 1,117.4 EFLOPS in 2027.
Huatai-PineBridge Fund Management said its AI products have grown by 35% this year.
(Editor in charge: Zhang San)
Disclaimer: This article is for reference only and does not constitute investment advice.
"""

EFUND_STORY = """E Fund bets on humanoid robots
2024-11-02 10:30 Source: China Fund News
E Fund Management said the humanoid robot industry will benefit from falling component costs.
The fund house expects China's humanoid robot market to reach 2.76 billion yuan in 2024 and 75 billion yuan in 2029.
Yifangda Fund added that the sector is subject to many uncertainties in the short term.
"""

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

SYNDICATED_STORY = """China AMC lines up AI chip ETF as computing power race heats up
14:20, June 12, 2024   Source: China Securities Journal
China Asset Management said on Wednesday that it would launch an exchange-traded fund tracking Chinese
makers of AI chips, betting that demand for domestic computing power will keep growing after the United
States tightened export rules on advanced GPUs.
The fund house said that the localisation of accelerators such as the Ascend 910B has moved from testing
to volume orders, and that data centre operators are now placing orders a year in advance.
According to the company's research team, China's intelligent computing market is expected to reach
150 billion yuan in 2026 and 260 billion yuan in 2028, while spending on AI servers grew by 42% last year.
Analysts warned that valuations of chip designers already price in much of that growth and that supply of
high bandwidth memory remains a bottleneck for the whole industry chain.
ChinaAMC said the new ETF would charge a management fee of 0.5% a year and would be listed in Shanghai.
"""

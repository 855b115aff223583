// The simulated market's instrument list: what its search finds and which symbols it knows (a
// symbol outside it is "not found", as Yahoo would answer for a made-up one). One line per
// instrument, `symbol|name|exchange|type`, so the list stays readable at a few hundred entries.
import type { InstrumentType } from '@tickstream/shared';

export interface Instrument {
  symbol: string;
  name: string;
  exchange: string;
  type: InstrumentType;
}

const EQUITIES_NASDAQ = `
AAPL|Apple Inc.
MSFT|Microsoft Corporation
GOOGL|Alphabet Inc. Class A
GOOG|Alphabet Inc. Class C
AMZN|Amazon.com, Inc.
NVDA|NVIDIA Corporation
TSLA|Tesla, Inc.
META|Meta Platforms, Inc.
NFLX|Netflix, Inc.
AMD|Advanced Micro Devices, Inc.
INTC|Intel Corporation
AVGO|Broadcom Inc.
ADBE|Adobe Inc.
CSCO|Cisco Systems, Inc.
PEP|PepsiCo, Inc.
COST|Costco Wholesale Corporation
CMCSA|Comcast Corporation
TMUS|T-Mobile US, Inc.
QCOM|QUALCOMM Incorporated
TXN|Texas Instruments Incorporated
AMGN|Amgen Inc.
INTU|Intuit Inc.
ISRG|Intuitive Surgical, Inc.
AMAT|Applied Materials, Inc.
BKNG|Booking Holdings Inc.
SBUX|Starbucks Corporation
GILD|Gilead Sciences, Inc.
ADP|Automatic Data Processing, Inc.
MDLZ|Mondelez International, Inc.
REGN|Regeneron Pharmaceuticals, Inc.
VRTX|Vertex Pharmaceuticals Incorporated
ADI|Analog Devices, Inc.
LRCX|Lam Research Corporation
MU|Micron Technology, Inc.
PANW|Palo Alto Networks, Inc.
KLAC|KLA Corporation
SNPS|Synopsys, Inc.
CDNS|Cadence Design Systems, Inc.
MAR|Marriott International, Inc.
PYPL|PayPal Holdings, Inc.
ABNB|Airbnb, Inc.
CRWD|CrowdStrike Holdings, Inc.
MELI|MercadoLibre, Inc.
ORLY|O'Reilly Automotive, Inc.
CTAS|Cintas Corporation
FTNT|Fortinet, Inc.
MRVL|Marvell Technology, Inc.
ADSK|Autodesk, Inc.
PDD|PDD Holdings Inc.
ASML|ASML Holding N.V.
DDOG|Datadog, Inc.
TEAM|Atlassian Corporation
WDAY|Workday, Inc.
ZS|Zscaler, Inc.
MRNA|Moderna, Inc.
LULU|lululemon athletica inc.
EA|Electronic Arts Inc.
TTWO|Take-Two Interactive Software, Inc.
EBAY|eBay Inc.
ZM|Zoom Communications, Inc.
DOCU|DocuSign, Inc.
ROKU|Roku, Inc.
OKTA|Okta, Inc.
COIN|Coinbase Global, Inc.
HOOD|Robinhood Markets, Inc.
MSTR|MicroStrategy Incorporated
PLTR|Palantir Technologies Inc.
RIVN|Rivian Automotive, Inc.
LCID|Lucid Group, Inc.
ARM|Arm Holdings plc
SMCI|Super Micro Computer, Inc.
DASH|DoorDash, Inc.
AAL|American Airlines Group Inc.
UAL|United Airlines Holdings, Inc.
JD|JD.com, Inc.
BIDU|Baidu, Inc.
NTES|NetEase, Inc.
CSX|CSX Corporation
WBD|Warner Bros. Discovery, Inc.
KHC|The Kraft Heinz Company
MNST|Monster Beverage Corporation
`;

const EQUITIES_NYSE = `
BRK-B|Berkshire Hathaway Inc.
BRK-A|Berkshire Hathaway Inc.
JPM|JPMorgan Chase & Co.
V|Visa Inc.
MA|Mastercard Incorporated
UNH|UnitedHealth Group Incorporated
JNJ|Johnson & Johnson
XOM|Exxon Mobil Corporation
CVX|Chevron Corporation
WMT|Walmart Inc.
PG|The Procter & Gamble Company
HD|The Home Depot, Inc.
KO|The Coca-Cola Company
MRK|Merck & Co., Inc.
ABBV|AbbVie Inc.
PFE|Pfizer Inc.
LLY|Eli Lilly and Company
BAC|Bank of America Corporation
WFC|Wells Fargo & Company
C|Citigroup Inc.
GS|The Goldman Sachs Group, Inc.
MS|Morgan Stanley
AXP|American Express Company
BLK|BlackRock, Inc.
SCHW|The Charles Schwab Corporation
DIS|The Walt Disney Company
MCD|McDonald's Corporation
NKE|NIKE, Inc.
ORCL|Oracle Corporation
CRM|Salesforce, Inc.
IBM|International Business Machines Corporation
ACN|Accenture plc
NOW|ServiceNow, Inc.
T|AT&T Inc.
VZ|Verizon Communications Inc.
BA|The Boeing Company
CAT|Caterpillar Inc.
DE|Deere & Company
GE|GE Aerospace
HON|Honeywell International Inc.
MMM|3M Company
LMT|Lockheed Martin Corporation
RTX|RTX Corporation
UPS|United Parcel Service, Inc.
FDX|FedEx Corporation
UNP|Union Pacific Corporation
TMO|Thermo Fisher Scientific Inc.
ABT|Abbott Laboratories
DHR|Danaher Corporation
BMY|Bristol-Myers Squibb Company
CVS|CVS Health Corporation
LOW|Lowe's Companies, Inc.
TGT|Target Corporation
NEE|NextEra Energy, Inc.
DUK|Duke Energy Corporation
SO|The Southern Company
SPGI|S&P Global Inc.
MCO|Moody's Corporation
PLD|Prologis, Inc.
AMT|American Tower Corporation
SHOP|Shopify Inc.
UBER|Uber Technologies, Inc.
SNOW|Snowflake Inc.
SQ|Block, Inc.
F|Ford Motor Company
GM|General Motors Company
TM|Toyota Motor Corporation
SONY|Sony Group Corporation
BABA|Alibaba Group Holding Limited
TSM|Taiwan Semiconductor Manufacturing Company Limited
NVO|Novo Nordisk A/S
SAP|SAP SE
SHEL|Shell plc
BP|BP p.l.c.
TTE|TotalEnergies SE
UL|Unilever PLC
HSBC|HSBC Holdings plc
RY|Royal Bank of Canada
TD|The Toronto-Dominion Bank
BHP|BHP Group Limited
RIO|Rio Tinto Group
VALE|Vale S.A.
PBR|Petróleo Brasileiro S.A. - Petrobras
NIO|NIO Inc.
SPOT|Spotify Technology S.A.
SNAP|Snap Inc.
PINS|Pinterest, Inc.
RBLX|Roblox Corporation
U|Unity Software Inc.
NET|Cloudflare, Inc.
DAL|Delta Air Lines, Inc.
LUV|Southwest Airlines Co.
CCL|Carnival Corporation & plc
RCL|Royal Caribbean Cruises Ltd.
HLT|Hilton Worldwide Holdings Inc.
CMG|Chipotle Mexican Grill, Inc.
YUM|Yum! Brands, Inc.
KMB|Kimberly-Clark Corporation
CL|Colgate-Palmolive Company
EL|The Estée Lauder Companies Inc.
MO|Altria Group, Inc.
PM|Philip Morris International Inc.
BX|Blackstone Inc.
KKR|KKR & Co. Inc.
COF|Capital One Financial Corporation
USB|U.S. Bancorp
PNC|The PNC Financial Services Group, Inc.
MET|MetLife, Inc.
AIG|American International Group, Inc.
CB|Chubb Limited
ELV|Elevance Health, Inc.
CI|The Cigna Group
HCA|HCA Healthcare, Inc.
SYK|Stryker Corporation
MDT|Medtronic plc
BSX|Boston Scientific Corporation
ZTS|Zoetis Inc.
COP|ConocoPhillips
SLB|Schlumberger Limited
OXY|Occidental Petroleum Corporation
FCX|Freeport-McMoRan Inc.
NEM|Newmont Corporation
LIN|Linde plc
APD|Air Products and Chemicals, Inc.
DOW|Dow Inc.
DD|DuPont de Nemours, Inc.
X|United States Steel Corporation
GME|GameStop Corp.
AMC|AMC Entertainment Holdings, Inc.
`;

const EUROPE_ASIA = `
SAP.DE|SAP SE|XETRA
SIE.DE|Siemens Aktiengesellschaft|XETRA
VOW3.DE|Volkswagen AG|XETRA
BMW.DE|Bayerische Motoren Werke Aktiengesellschaft|XETRA
MBG.DE|Mercedes-Benz Group AG|XETRA
ALV.DE|Allianz SE|XETRA
BAS.DE|BASF SE|XETRA
DTE.DE|Deutsche Telekom AG|XETRA
ADS.DE|adidas AG|XETRA
WSU.DE|WashTec AG|XETRA
MC.PA|LVMH Moët Hennessy Louis Vuitton SE|Paris
OR.PA|L'Oréal S.A.|Paris
AIR.PA|Airbus SE|Paris
TTE.PA|TotalEnergies SE|Paris
ASML.AS|ASML Holding N.V.|Amsterdam
ENI.MI|Eni S.p.A.|Milan
HSBA.L|HSBC Holdings plc|LSE
SHEL.L|Shell plc|LSE
AZN.L|AstraZeneca PLC|LSE
BP.L|BP p.l.c.|LSE
ULVR.L|Unilever PLC|LSE
NESN.SW|Nestlé S.A.|Swiss
NOVN.SW|Novartis AG|Swiss
7203.T|Toyota Motor Corporation|Tokyo
6758.T|Sony Group Corporation|Tokyo
9984.T|SoftBank Group Corp.|Tokyo
0700.HK|Tencent Holdings Limited|HKSE
9988.HK|Alibaba Group Holding Limited|HKSE
SHOP.TO|Shopify Inc.|Toronto
RY.TO|Royal Bank of Canada|Toronto
`;

const ETFS = `
SPY|SPDR S&P 500 ETF Trust|NYSEArca
QQQ|Invesco QQQ Trust|NASDAQ
IVV|iShares Core S&P 500 ETF|NYSEArca
VOO|Vanguard S&P 500 ETF|NYSEArca
VTI|Vanguard Total Stock Market ETF|NYSEArca
DIA|SPDR Dow Jones Industrial Average ETF Trust|NYSEArca
IWM|iShares Russell 2000 ETF|NYSEArca
EFA|iShares MSCI EAFE ETF|NYSEArca
EEM|iShares MSCI Emerging Markets ETF|NYSEArca
VEA|Vanguard FTSE Developed Markets ETF|NYSEArca
VWO|Vanguard FTSE Emerging Markets ETF|NYSEArca
AGG|iShares Core U.S. Aggregate Bond ETF|NYSEArca
BND|Vanguard Total Bond Market ETF|NASDAQ
TLT|iShares 20+ Year Treasury Bond ETF|NASDAQ
IEF|iShares 7-10 Year Treasury Bond ETF|NASDAQ
SHY|iShares 1-3 Year Treasury Bond ETF|NASDAQ
LQD|iShares iBoxx $ Investment Grade Corporate Bond ETF|NYSEArca
HYG|iShares iBoxx $ High Yield Corporate Bond ETF|NYSEArca
GLD|SPDR Gold Shares|NYSEArca
SLV|iShares Silver Trust|NYSEArca
USO|United States Oil Fund, LP|NYSEArca
XLK|Technology Select Sector SPDR Fund|NYSEArca
XLF|Financial Select Sector SPDR Fund|NYSEArca
XLE|Energy Select Sector SPDR Fund|NYSEArca
XLV|Health Care Select Sector SPDR Fund|NYSEArca
XLY|Consumer Discretionary Select Sector SPDR Fund|NYSEArca
XLP|Consumer Staples Select Sector SPDR Fund|NYSEArca
XLI|Industrial Select Sector SPDR Fund|NYSEArca
XLU|Utilities Select Sector SPDR Fund|NYSEArca
XLB|Materials Select Sector SPDR Fund|NYSEArca
XLRE|Real Estate Select Sector SPDR Fund|NYSEArca
SMH|VanEck Semiconductor ETF|NASDAQ
SOXX|iShares Semiconductor ETF|NASDAQ
ARKK|ARK Innovation ETF|NYSEArca
VUG|Vanguard Growth ETF|NYSEArca
VTV|Vanguard Value ETF|NYSEArca
SCHD|Schwab U.S. Dividend Equity ETF|NYSEArca
VIG|Vanguard Dividend Appreciation ETF|NYSEArca
TQQQ|ProShares UltraPro QQQ|NASDAQ
SQQQ|ProShares UltraPro Short QQQ|NASDAQ
IBIT|iShares Bitcoin Trust ETF|NASDAQ
FBTC|Fidelity Wise Origin Bitcoin Fund|NYSEArca
GBTC|Grayscale Bitcoin Trust ETF|NYSEArca
ETHA|iShares Ethereum Trust ETF|NASDAQ
VNQ|Vanguard Real Estate ETF|NYSEArca
KWEB|KraneShares CSI China Internet ETF|NYSEArca
EWJ|iShares MSCI Japan ETF|NYSEArca
EWG|iShares MSCI Germany ETF|NYSEArca
INDA|iShares MSCI India ETF|BATS
`;

const CRYPTO = `
BTC-USD|Bitcoin USD
ETH-USD|Ethereum USD
SOL-USD|Solana USD
DOGE-USD|Dogecoin USD
XRP-USD|XRP USD
ADA-USD|Cardano USD
BNB-USD|BNB USD
AVAX-USD|Avalanche USD
DOT-USD|Polkadot USD
LINK-USD|Chainlink USD
LTC-USD|Litecoin USD
BCH-USD|Bitcoin Cash USD
MATIC-USD|Polygon USD
SHIB-USD|Shiba Inu USD
TRX-USD|TRON USD
XLM-USD|Stellar USD
ATOM-USD|Cosmos USD
UNI-USD|Uniswap USD
ETC-USD|Ethereum Classic USD
USDT-USD|Tether USDt USD
USDC-USD|USD Coin USD
BTC-EUR|Bitcoin EUR
ETH-EUR|Ethereum EUR
BTC-GBP|Bitcoin GBP
`;

const INDICES = `
^GSPC|S&P 500|SNP
^DJI|Dow Jones Industrial Average|DJI
^IXIC|NASDAQ Composite|Nasdaq GIDS
^NDX|NASDAQ 100|Nasdaq GIDS
^RUT|Russell 2000|Chicago Options
^VIX|CBOE Volatility Index|Chicago Options
^FTSE|FTSE 100|FTSE Index
^GDAXI|DAX Performance Index|XETRA
^FCHI|CAC 40|Paris
^STOXX50E|EURO STOXX 50|STOXX
^N225|Nikkei 225|Osaka
^HSI|Hang Seng Index|HKSE
^TNX|CBOE Interest Rate 10 Year T No|Chicago Options
`;

const CURRENCIES = `
EURUSD=X|EUR/USD
GBPUSD=X|GBP/USD
JPY=X|USD/JPY
AUDUSD=X|AUD/USD
NZDUSD=X|NZD/USD
EURGBP=X|EUR/GBP
EURJPY=X|EUR/JPY
CHF=X|USD/CHF
CAD=X|USD/CAD
CNY=X|USD/CNY
INR=X|USD/INR
`;

const FUTURES = `
GC=F|Gold
SI=F|Silver
CL=F|Crude Oil
BZ=F|Brent Crude Oil
NG=F|Natural Gas
HG=F|Copper
ES=F|E-Mini S&P 500
NQ=F|Nasdaq 100
YM=F|Mini Dow Jones Indus.-$5
ZC=F|Corn
ZW=F|Wheat
`;

function parse(block: string, type: InstrumentType, exchange: string): Instrument[] {
  return block
    .trim()
    .split('\n')
    .map((line) => {
      const [symbol = '', name = '', exch] = line.split('|');
      return { symbol, name, exchange: exch ?? exchange, type };
    });
}

export const CATALOGUE: readonly Instrument[] = [
  ...parse(EQUITIES_NASDAQ, 'EQUITY', 'NASDAQ'),
  ...parse(EQUITIES_NYSE, 'EQUITY', 'NYSE'),
  ...parse(EUROPE_ASIA, 'EQUITY', ''),
  ...parse(ETFS, 'ETF', ''),
  ...parse(CRYPTO, 'CRYPTOCURRENCY', 'CCC'),
  ...parse(INDICES, 'INDEX', ''),
  ...parse(CURRENCIES, 'CURRENCY', 'CCY'),
  ...parse(FUTURES, 'FUTURE', 'NY Mercantile'),
];

export const CATALOGUE_BY_SYMBOL: ReadonlyMap<string, Instrument> = new Map(CATALOGUE.map((i) => [i.symbol, i]));

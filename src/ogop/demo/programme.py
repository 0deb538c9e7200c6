"""The demo programme in full: sectors, budget, activities, money, people, missions, equipment,
promotion, business plans, a twinning and the results framework.

Facts (from the source document): the programme and its three years, 2016–2018, its seven
components, and the Bhutanese booth with 35 products at OTOP CITY 2017, 17–25 December 2017.
Everything else — each activity's place, dates, budget and people, every amount and exchange
rate, every name, score, report, plan and target — is illustrative, and the records say so.
Running it again changes nothing: records are found by stable keys and saved only when they
differ.
"""

import datetime as dt
import zlib
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from django.db import models, transaction
from django.utils import translation

from ogop.fairs.models import Fair
from ogop.places.models import Area
from ogop.producers.models import GroupKind, ProducerGroup
from ogop.producers.services import producer_group_create
from ogop.products.models import Product
from ogop.programme.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    BusinessPlan,
    ComponentBudget,
    Delivery,
    ExchangeRate,
    Mission,
    MissionKind,
    Participant,
    ParticipantRole,
    Person,
    Programme,
    ProgrammeSector,
    PromotionItem,
    PromotionKind,
    Sex,
    Transaction,
    TransactionType,
    Twinning,
    TwinningVisit,
    VisitDirection,
)
from ogop.programme.services import business_plan_save, rate_on, transaction_record
from ogop.results.models import (
    Computation,
    Dimension,
    Disaggregation,
    Indicator,
    IndicatorMeasure,
    Period,
    Result,
    ResultType,
)

if TYPE_CHECKING:
    from ogop.accounts.models import Organisation, User

ModelT = TypeVar("ModelT", bound=models.Model)

FAIR_CODE = "OTOP-CITY-2017"
YEARS = (2016, 2017, 2018)
ILLUSTRATIVE_EN = "Illustrative demo activity: its place, dates, budget and people are made up."
ILLUSTRATIVE_TH = "กิจกรรมตัวอย่างสาธิต: สถานที่ วันที่ งบประมาณ และผู้เข้าร่วมเป็นข้อมูลสมมติ"
RATE_SOURCE = "Illustrative demo rate, close to the quarter's market rate"

# OECD DAC 5-digit sector codes (IATI Sector codelist); the shares add up to 100.
SECTORS = [("31120", 50), ("32130", 30), ("32140", 20)]

# One US dollar in baht and in ngultrum at the start of each quarter (illustrative).
USD_RATES = {
    dt.date(2016, 1, 1): ("36.00", "66.20"),
    dt.date(2016, 4, 1): ("35.20", "66.40"),
    dt.date(2016, 7, 1): ("35.10", "67.50"),
    dt.date(2016, 10, 1): ("35.00", "66.60"),
    dt.date(2017, 1, 1): ("35.80", "68.10"),
    dt.date(2017, 4, 1): ("34.40", "64.80"),
    dt.date(2017, 7, 1): ("33.90", "64.40"),
    dt.date(2017, 10, 1): ("33.20", "65.20"),
    dt.date(2018, 1, 1): ("32.00", "63.60"),
    dt.date(2018, 4, 1): ("31.20", "65.20"),
    dt.date(2018, 7, 1): ("33.10", "68.50"),
    dt.date(2018, 10, 1): ("32.70", "73.00"),
}

ALL = "*"  # every Bhutanese demo group, or every demo product

# Producer groups of the demo (src/ogop/demo/data/producer_groups.csv).
RICE = "PG-DOPSHARI-RICE"
CHILLI = "PG-URA-CHILLI"
CHHUME = "PG-CHHUME-WEAVE"
HONEY = "PG-TANG-HONEY"
KHAMDANG = "PG-KHAMDANG-PEANUT"
TOETSHO = "PG-TOETSHO-PEANUT"
KHOMA = "PG-KHOMA-WEAVE"
DAIRY = "PG-BJI-DAIRY"
YAK = "PG-LAYA-YAK"
MERAK = "PG-MERAK-WOOL"
BURA = "PG-RADHI-BURA"
CANE = "PG-NANGKOR-CANE"
WOOD = "PG-KANGLUNG-WOOD"
OIL = "PG-BARSHONG-OIL"
CARDAMOM = "PG-SAMTSE-CARDAMOM"
SPICE = "PG-GELEPHU-SPICE"
ZAW = "PG-TOEWANG-ZAW"
POTATO = "PG-PHOBJI-POTATO"
CHEESE = "PG-DAGALA-CHEESE"
FRUIT = "PG-MEWANG-FRUIT"
LEMONGRASS = "PG-CHASKHAR-LEMONGRASS"
SOAP = "PG-DEWATHANG-SOAP"
SMITH = "PG-DOTENG-SMITH"
BUCKWHEAT = "PG-KAZHI-BUCKWHEAT"
INCENSE = "PG-NUBI-INCENSE"

# Short names that keep the tables below readable.
K = ActivityKind
S = ActivityStatus
D = dt.date


class Plan(NamedTuple):
    """One demo activity; `key` names it within this module only."""

    key: str
    component: int
    kind: str
    title_en: str
    title_th: str
    about_en: str
    about_th: str
    area: str
    start: dt.date
    end: dt.date
    status: str
    organisation: str
    budget: int
    groups: tuple[str, ...] | str = ()
    products: tuple[str, ...] | str = ()
    ended: dt.date | None = None  # the actual end, when it differs from the planned one
    fact: bool = False  # described by the source document, not made up


ACTIVITIES = [
    # 1. Training, study visits and workshops --------------------------------------------
    Plan(
        "selection-workshop-2016", 1, K.WORKSHOP,
        "Workshop on selecting and planning OGOP products",
        "การประชุมเชิงปฏิบัติการคัดเลือกและวางแผนพัฒนาผลิตภัณฑ์ OGOP",
        "A representative of every group chooses the products to develop first.",
        "ผู้แทนทุกกลุ่มเลือกผลิตภัณฑ์ที่จะพัฒนาก่อน",
        "BT-15", D(2016, 3, 21), D(2016, 3, 23), S.CLOSED, "moaf", 350_000, ALL,
    ),
    Plan(
        "food-training-2016", 1, K.TRAINING,
        "Training on food processing and hygiene",
        "การฝึกอบรมการแปรรูปอาหารและสุขอนามัย",
        "Drying, roasting, bottling and hygienic handling, hands on.",
        "ฝึกปฏิบัติการอบแห้ง การคั่ว การบรรจุขวด และการผลิตอย่างถูกสุขอนามัย",
        "BT-15", D(2016, 5, 9), D(2016, 5, 13), S.CLOSED, "universities", 600_000,
        (FRUIT, CHEESE, DAIRY, ZAW, POTATO, KHAMDANG, TOETSHO, BUCKWHEAT),
        ("BT-P029", "BT-P030", "BT-P028", "BT-P014", "BT-P026", "BT-P027", "BT-P009",
         "BT-P010", "BT-P034"),
    ),
    Plan(
        "study-visit-2016", 1, K.STUDY_VISIT,
        "Study visit to OTOP producers in Chiang Mai and Lamphun",
        "การศึกษาดูงานผู้ผลิต OTOP ในจังหวัดเชียงใหม่และลำพูน",
        "Group leaders see how Thai OTOP groups produce, brand and sell.",
        "ผู้นำกลุ่มศึกษาการผลิต การสร้างตราสินค้า และการขายของกลุ่ม OTOP ไทย",
        "50", D(2016, 8, 15), D(2016, 8, 24), S.CLOSED, "tica", 850_000,
        (RICE, CHILLI, HONEY, CHHUME, KHOMA),
    ),
    Plan(
        "packaging-training-2017", 1, K.TRAINING,
        "Training on packaging and labelling",
        "การฝึกอบรมการออกแบบบรรจุภัณฑ์และฉลาก",
        "Packs and labels that meet Brand Bhutan and Thai market rules.",
        "บรรจุภัณฑ์และฉลากที่เป็นไปตามเกณฑ์ Brand Bhutan และตลาดไทย",
        "BT-11", D(2017, 3, 13), D(2017, 3, 17), S.CLOSED, "universities", 650_000,
        (RICE, CHILLI, KHAMDANG, TOETSHO, ZAW, POTATO, FRUIT, INCENSE, SOAP, SPICE),
        ("BT-P001", "BT-P002", "BT-P003", "BT-P009", "BT-P010", "BT-P011", "BT-P026",
         "BT-P027", "BT-P029", "BT-P035", "BT-P032", "BT-P024"),
    ),
    Plan(
        "weaving-training-2017", 1, K.TRAINING,
        "Training on natural dyeing and weaving design",
        "การฝึกอบรมการย้อมสีธรรมชาติและการออกแบบลายผ้า",
        "Colour-fast natural dyes, and designs in the sizes buyers ask for.",
        "การย้อมสีธรรมชาติให้ติดทน และการออกแบบลายผ้าในขนาดที่ผู้ซื้อต้องการ",
        "BT-44-03", D(2017, 5, 22), D(2017, 5, 26), S.CLOSED, "universities", 550_000,
        (KHOMA, CHHUME, BURA, MERAK, YAK),
        ("BT-P012", "BT-P013", "BT-P005", "BT-P006", "BT-P018", "BT-P017", "BT-P016"),
    ),
    Plan(
        "study-visit-2017", 1, K.STUDY_VISIT,
        "Study visit to OTOP weavers and food processors in San Kamphaeng, Chiang Mai",
        "การศึกษาดูงานกลุ่มทอผ้าและแปรรูปอาหาร OTOP อำเภอสันกำแพง จังหวัดเชียงใหม่",
        "With the Khoma weavers' first exchange visit to their twin group.",
        "รวมการเยือนแลกเปลี่ยนครั้งแรกของกลุ่มทอผ้าโคมากับกลุ่มคู่แฝด",
        "5013", D(2017, 8, 21), D(2017, 8, 27), S.CLOSED, "tica", 900_000,
        (KHOMA, CHHUME, FRUIT, HONEY, OIL, CARDAMOM),
    ),
    Plan(
        "pricing-workshop-2017", 1, K.WORKSHOP,
        "Workshop on product costing and pricing",
        "การประชุมเชิงปฏิบัติการการคิดต้นทุนและตั้งราคาสินค้า",
        "Groups work out unit costs and prices for their own products.",
        "กลุ่มคำนวณต้นทุนต่อหน่วยและตั้งราคาผลิตภัณฑ์ของตนเอง",
        "BT-41", D(2017, 10, 9), D(2017, 10, 11), S.CLOSED, "moaf", 300_000,
        (WOOD, MERAK, BURA, KHAMDANG, TOETSHO, CANE, LEMONGRASS, SOAP),
    ),
    Plan(
        "trainers-training-2018", 1, K.TRAINING,
        "Training of trainers on OGOP product development",
        "การฝึกอบรมวิทยากรด้านการพัฒนาผลิตภัณฑ์ OGOP",
        "Lead farmers learn to pass on what the programme taught.",
        "เกษตรกรแกนนำเรียนรู้วิธีถ่ายทอดความรู้จากโครงการแก่สมาชิก",
        "BT-15", D(2018, 4, 16), D(2018, 4, 20), S.CLOSED, "universities", 700_000,
        (RICE, CHHUME, HONEY, KHOMA, DAIRY, CARDAMOM, SPICE, FRUIT, LEMONGRASS, BUCKWHEAT),
    ),
    Plan(
        "honey-training-2018", 1, K.TRAINING,
        "Training on beekeeping and honey processing",
        "การฝึกอบรมการเลี้ยงผึ้งและการแปรรูปน้ำผึ้ง",
        "Hive care, moisture control and bottling.",
        "การดูแลรังผึ้ง การควบคุมความชื้น และการบรรจุขวด",
        "BT-33-03", D(2018, 6, 11), D(2018, 6, 15), S.CLOSED, "universities", 450_000,
        (HONEY, CHILLI, CHHUME), ("BT-P007", "BT-P008"),
    ),
    Plan(
        "study-visit-2018", 1, K.STUDY_VISIT,
        "Study visit on handicraft design to OTOP villages in Chiang Mai",
        "การศึกษาดูงานการออกแบบหัตถกรรม ณ หมู่บ้าน OTOP จังหวัดเชียงใหม่",
        "Craft groups see the design, display and pricing of Thai OTOP crafts.",
        "กลุ่มหัตถกรรมศึกษาการออกแบบ การจัดแสดง และการตั้งราคาหัตถกรรม OTOP ไทย",
        "50", D(2018, 9, 3), D(2018, 9, 12), S.FINALISATION, "tica", 850_000,
        (CANE, WOOD, SMITH, MERAK, INCENSE, KHOMA),
    ),
    # 2. Thai experts -----------------------------------------------------------------------
    Plan(
        "expert-food-2016", 2, K.EXPERT_MISSION,
        "Thai expert mission on fruit and vegetable processing",
        "การส่งผู้เชี่ยวชาญไทยด้านการแปรรูปผักและผลไม้",
        "A food scientist works with the Mewang group on jams and juices.",
        "นักวิทยาศาสตร์การอาหารทำงานร่วมกับกลุ่มเมวังด้านแยมและน้ำผลไม้",
        "BT-15-06", D(2016, 9, 5), D(2016, 9, 30), S.CLOSED, "universities", 450_000,
        (FRUIT, CHEESE), ("BT-P029", "BT-P030"),
    ),
    Plan(
        "expert-standards-2016", 2, K.EXPERT_MISSION,
        "Thai expert mission on food safety and product standards",
        "การส่งผู้เชี่ยวชาญไทยด้านความปลอดภัยอาหารและมาตรฐานผลิตภัณฑ์",
        "Good manufacturing practice and the way to certification for rice and chillies.",
        "หลักเกณฑ์วิธีการที่ดีในการผลิตและแนวทางสู่การรับรองมาตรฐานสำหรับข้าวและพริก",
        "BT-11", D(2016, 11, 7), D(2016, 11, 25), S.CLOSED, "universities", 450_000,
        (RICE, CHILLI), ("BT-P001", "BT-P002", "BT-P003", "BT-P004"),
        ended=D(2016, 12, 2),
    ),
    Plan(
        "expert-packaging-2017", 2, K.EXPERT_MISSION,
        "Thai expert mission on packaging design",
        "การส่งผู้เชี่ยวชาญไทยด้านการออกแบบบรรจุภัณฑ์",
        "New packs for roasted peanuts and peanut butter.",
        "บรรจุภัณฑ์ใหม่สำหรับถั่วลิสงคั่วและเนยถั่ว",
        "BT-TY", D(2017, 2, 6), D(2017, 3, 3), S.CLOSED, "universities", 600_000,
        (KHAMDANG, TOETSHO), ("BT-P009", "BT-P010", "BT-P011"),
    ),
    Plan(
        "expert-weaving-2017", 2, K.EXPERT_MISSION,
        "Thai expert mission on weaving design and natural dyes",
        "การส่งผู้เชี่ยวชาญไทยด้านการออกแบบลายผ้าและสีย้อมธรรมชาติ",
        "Follows up the weaving training with the Khoma and Chhume weavers.",
        "ติดตามผลการฝึกอบรมการทอผ้ากับกลุ่มทอผ้าโคมาและชูเม",
        "BT-44-03", D(2017, 6, 5), D(2017, 6, 30), S.CLOSED, "universities", 600_000,
        (KHOMA, CHHUME), ("BT-P012", "BT-P013", "BT-P005", "BT-P006"),
    ),
    Plan(
        "expert-dairy-2018", 2, K.EXPERT_MISSION,
        "Thai expert mission on dairy processing",
        "การส่งผู้เชี่ยวชาญไทยด้านการแปรรูปผลิตภัณฑ์นม",
        "Butter and cheese making, hygiene and shelf life.",
        "การทำเนยและชีส สุขอนามัย และอายุการเก็บรักษา",
        "BT-13-01", D(2018, 5, 7), D(2018, 6, 1), S.CLOSED, "universities", 500_000,
        (DAIRY, CHEESE, YAK), ("BT-P014", "BT-P028", "BT-P015"),
    ),
    Plan(
        # Deliberately late: in implementation, its planned end long past, no actual end.
        "expert-herbal-2018", 2, K.EXPERT_MISSION,
        "Thai expert mission on packaging for herbal products",
        "การส่งผู้เชี่ยวชาญไทยด้านบรรจุภัณฑ์ผลิตภัณฑ์สมุนไพร",
        "Packs and labels for lemongrass oil, herbal soap and incense; the report is due.",
        "บรรจุภัณฑ์และฉลากสำหรับน้ำมันตะไคร้ สบู่สมุนไพร และธูปหอม ยังรอรายงาน",
        "BT-42-02", D(2018, 8, 6), D(2018, 8, 31), S.IMPLEMENTATION, "universities", 500_000,
        (LEMONGRASS, SOAP, INCENSE), ("BT-P031", "BT-P032", "BT-P035"),
    ),
    # 3. Thai volunteers --------------------------------------------------------------------
    Plan(
        "volunteer-2016", 3, K.VOLUNTEER_ASSIGNMENT,
        "Thai volunteer on group bookkeeping",
        "อาสาสมัครไทยด้านการทำบัญชีกลุ่ม",
        "Simple books and sales records for the Ura chilli growers.",
        "การทำบัญชีอย่างง่ายและการบันทึกการขายสำหรับกลุ่มผู้ปลูกพริกอูรา",
        "BT-33-04", D(2016, 6, 1), D(2016, 11, 30), S.CLOSED, "tica", 600_000,
        (CHILLI, HONEY), ("BT-P003",),
    ),
    Plan(
        "volunteer-2017", 3, K.VOLUNTEER_ASSIGNMENT,
        "Thai volunteer on marketing and sales",
        "อาสาสมัครไทยด้านการตลาดและการขาย",
        "Market days, shop displays and sales records in eastern Bhutan.",
        "ตลาดนัด การจัดแสดงสินค้าในร้าน และการบันทึกการขายในภาคตะวันออกของภูฏาน",
        "BT-41", D(2017, 1, 9), D(2017, 12, 15), S.CLOSED, "tica", 700_000,
        (WOOD, MERAK, BURA), ("BT-P021", "BT-P017", "BT-P018"),
    ),
    Plan(
        "volunteer-2018", 3, K.VOLUNTEER_ASSIGNMENT,
        "Thai volunteer on honey processing and hygiene",
        "อาสาสมัครไทยด้านการแปรรูปน้ำผึ้งและสุขอนามัย",
        "A season with the Tang beekeepers, from harvest to bottling.",
        "ทำงานกับกลุ่มผู้เลี้ยงผึ้งตังตลอดฤดูกาล ตั้งแต่การเก็บน้ำผึ้งจนถึงการบรรจุขวด",
        "BT-33-03", D(2018, 2, 5), D(2018, 11, 30), S.CLOSED, "tica", 700_000,
        (HONEY,), ("BT-P007", "BT-P008"),
    ),
    # 4. Materials and equipment ------------------------------------------------------------
    Plan(
        "equipment-food-2016", 4, K.EQUIPMENT_DELIVERY,
        "Delivery of food processing equipment",
        "การส่งมอบอุปกรณ์แปรรูปอาหาร",
        "Dryers, a sealer, a roaster, a fryer and a grinder for food groups.",
        "เครื่องอบแห้ง เครื่องซีล เครื่องคั่ว เครื่องทอด และเครื่องบดสำหรับกลุ่มผลิตอาหาร",
        "BT-15", D(2016, 10, 10), D(2016, 10, 28), S.CLOSED, "moaf", 1_200_000,
        (FRUIT, ZAW, POTATO, KHAMDANG, TOETSHO),
    ),
    Plan(
        "equipment-looms-2017", 4, K.EQUIPMENT_DELIVERY,
        "Delivery of looms and weaving tools",
        "การส่งมอบกี่ทอผ้าและอุปกรณ์ทอผ้า",
        "Pedal looms and dyeing kits for weaving groups.",
        "กี่ทอผ้าแบบเหยียบและชุดอุปกรณ์ย้อมสีสำหรับกลุ่มทอผ้า",
        "BT-44", D(2017, 4, 3), D(2017, 4, 21), S.CLOSED, "moaf", 800_000,
        (KHOMA, CHHUME, BURA),
    ),
    Plan(
        "equipment-honey-2017", 4, K.EQUIPMENT_DELIVERY,
        "Delivery of honey extractors and hive boxes",
        "การส่งมอบเครื่องสลัดน้ำผึ้งและกล่องเลี้ยงผึ้ง",
        "Stainless-steel extractors and movable-frame hives.",
        "เครื่องสลัดน้ำผึ้งสเตนเลสและกล่องเลี้ยงผึ้งแบบคอนถอดได้",
        "BT-33", D(2017, 7, 3), D(2017, 7, 14), S.CLOSED, "moaf", 700_000,
        (HONEY, CHILLI),
    ),
    Plan(
        "equipment-herbal-2018", 4, K.EQUIPMENT_DELIVERY,
        "Delivery of packaging machines and a small distiller",
        "การส่งมอบเครื่องบรรจุภัณฑ์และเครื่องกลั่นขนาดเล็ก",
        "For the herbal product groups in the east.",
        "สำหรับกลุ่มผลิตภัณฑ์สมุนไพรทางภาคตะวันออก",
        "BT-42", D(2018, 3, 5), D(2018, 3, 23), S.CLOSED, "moaf", 800_000,
        (LEMONGRASS, SOAP),
    ),
    # 5. Public-relations media and promotion ---------------------------------------------
    Plan(
        "brochure-2016", 5, K.PROMOTION,
        "OGOP brochure in English, Dzongkha and Thai",
        "แผ่นพับ OGOP ภาษาอังกฤษ ซองคา และไทย",
        "A brochure on OGOP and its products for visitors and buyers.",
        "แผ่นพับแนะนำ OGOP และผลิตภัณฑ์สำหรับนักท่องเที่ยวและผู้ซื้อ",
        "BT-15", D(2016, 6, 1), D(2016, 7, 29), S.CLOSED, "tica", 400_000,
    ),
    Plan(
        "video-2017", 5, K.PROMOTION,
        "Video: from gewog to market",
        "วีดิทัศน์: จากเกวอกสู่ตลาด",
        "A short film on OGOP groups and the cooperation with Thailand.",
        "ภาพยนตร์สั้นเกี่ยวกับกลุ่ม OGOP และความร่วมมือกับไทย",
        "BT-15", D(2017, 6, 5), D(2017, 9, 15), S.CLOSED, "tica", 500_000,
        (RICE, KHOMA, HONEY),
    ),
    Plan(
        "otop-city-2017", 5, K.PROMOTION,
        "Bhutan's OGOP booth at OTOP CITY 2017",
        "บูธ OGOP ภูฏานในงาน OTOP CITY 2017",
        "From the source document: Bhutanese producers brought 35 products to OTOP CITY 2017 "
        "at IMPACT Muang Thong Thani, 17–25 December 2017, and exchanged experience with Thai "
        "OTOP producers. Illustrative: the budget and the travel days around the fair.",
        "จากข่าวต้นเรื่อง: ผู้ผลิตภูฏานนำผลิตภัณฑ์ 35 รายการมาร่วมงาน OTOP CITY 2017 "
        "ณ อิมแพ็ค เมืองทองธานี 17–25 ธันวาคม 2560 และแลกเปลี่ยนประสบการณ์กับผู้ผลิต OTOP ไทย "
        "ข้อมูลตัวอย่าง: งบประมาณและวันเดินทาง",
        "12", D(2017, 12, 15), D(2017, 12, 26), S.CLOSED, "tica", 1_300_000, ALL, ALL,
        fact=True,
    ),
    Plan(
        "social-2018", 5, K.PROMOTION,
        "OGOP on social media",
        "การประชาสัมพันธ์ OGOP ผ่านสื่อสังคมออนไลน์",
        "Posts on OGOP groups and products after OTOP CITY 2017.",
        "โพสต์แนะนำกลุ่มและผลิตภัณฑ์ OGOP หลังงาน OTOP CITY 2017",
        "BT-15", D(2018, 2, 1), D(2018, 6, 29), S.CLOSED, "tica", 500_000,
        (HONEY, KHOMA),
    ),
    # 6. Marketing and business plans -------------------------------------------------------
    Plan(
        "market-study-2016", 6, K.BUSINESS_PLANNING,
        "Market study of OGOP products in Thimphu and Paro",
        "การศึกษาตลาดผลิตภัณฑ์ OGOP ในทิมพูและพาโร",
        "Who buys what, where and at what price: shops, hotels and the airport.",
        "ใครซื้ออะไร ที่ไหน ในราคาเท่าใด: ร้านค้า โรงแรม และท่าอากาศยาน",
        "BT-15", D(2016, 10, 3), D(2016, 11, 18), S.CLOSED, "universities", 300_000,
        (RICE, HONEY, KHAMDANG, FRUIT),
    ),
    Plan(
        "business-clinic-2017", 6, K.BUSINESS_PLANNING,
        "Business planning clinic for OGOP groups",
        "คลินิกแผนธุรกิจสำหรับกลุ่ม OGOP",
        "Three groups draw up their first business plans.",
        "สามกลุ่มจัดทำแผนธุรกิจฉบับแรก",
        "BT-15", D(2017, 8, 7), D(2017, 8, 11), S.CLOSED, "universities", 600_000,
        (RICE, HONEY, KHAMDANG), ("BT-P001", "BT-P007", "BT-P009"),
    ),
    Plan(
        "plan-review-2018", 6, K.BUSINESS_PLANNING,
        "Business plan review after OTOP CITY 2017",
        "การทบทวนแผนธุรกิจหลังงาน OTOP CITY 2017",
        "The groups revise their plans with what they learned at the fair.",
        "กลุ่มปรับแผนธุรกิจจากบทเรียนที่ได้จากงานแสดงสินค้า",
        "BT-15", D(2018, 3, 5), D(2018, 3, 9), S.CLOSED, "universities", 400_000,
        (RICE, HONEY, KHAMDANG), ("BT-P001", "BT-P007", "BT-P009"),
    ),
    Plan(
        # Deliberately late: in implementation, its planned end long past, no actual end.
        "retail-links-2018", 6, K.BUSINESS_PLANNING,
        "Marketing links with Thimphu shops and the Paro airport outlet",
        "การเชื่อมโยงตลาดกับร้านค้าในทิมพูและร้านค้าที่ท่าอากาศยานพาโร",
        "Supply agreements with shops; still under way.",
        "ข้อตกลงส่งสินค้ากับร้านค้า อยู่ระหว่างดำเนินการ",
        "BT-15", D(2018, 7, 2), D(2018, 10, 31), S.IMPLEMENTATION, "moaf", 300_000,
        (RICE, CHILLI, HONEY, KHAMDANG, FRUIT, KHOMA),
    ),
    # 7. Monitoring and evaluation ----------------------------------------------------------
    Plan(
        "baseline-2016", 7, K.MONITORING_VISIT,
        "Baseline survey of OGOP groups",
        "การสำรวจข้อมูลพื้นฐานของกลุ่ม OGOP",
        "Members, products, sales and skills of every group at the start.",
        "สมาชิก ผลิตภัณฑ์ ยอดขาย และทักษะของทุกกลุ่มเมื่อเริ่มโครงการ",
        "BT-15", D(2016, 2, 15), D(2016, 3, 4), S.CLOSED, "moaf", 200_000, ALL,
    ),
    Plan(
        "monitoring-2017", 7, K.MONITORING_VISIT,
        "Monitoring visit to OGOP groups, 2017",
        "การติดตามผลกลุ่ม OGOP ปี 2560",
        "How the groups use what they learned and the equipment they received.",
        "การนำความรู้และอุปกรณ์ที่ได้รับไปใช้ของกลุ่ม",
        "BT-15", D(2017, 11, 6), D(2017, 11, 17), S.CLOSED, "tica", 250_000,
        (FRUIT, ZAW, POTATO, KHAMDANG, TOETSHO, KHOMA, CHHUME, BURA, HONEY, CHILLI),
    ),
    Plan(
        "monitoring-2018", 7, K.MONITORING_VISIT,
        "Monitoring visit to OGOP groups, 2018",
        "การติดตามผลกลุ่ม OGOP ปี 2561",
        "Equipment, sales since the fair, and the groups' own plans.",
        "อุปกรณ์ ยอดขายหลังงานแสดงสินค้า และแผนของกลุ่ม",
        "BT-15", D(2018, 10, 15), D(2018, 10, 26), S.CLOSED, "tica", 200_000,
        (CHHUME, HONEY, SOAP, LEMONGRASS, DAIRY, CHEESE),
    ),
    Plan(
        "evaluation-2018", 7, K.MONITORING_VISIT,
        "Final evaluation of the three-year plan",
        "การประเมินผลสิ้นสุดแผนงานสามปี",
        "Findings and lessons for a next phase; the report is being finalised.",
        "ข้อค้นพบและบทเรียนสำหรับระยะต่อไป อยู่ระหว่างจัดทำรายงานฉบับสมบูรณ์",
        "BT-15", D(2018, 11, 19), D(2018, 12, 14), S.FINALISATION, "universities", 200_000,
        ALL,
    ),
]  # fmt: skip

T = TransactionType
# How each kind of activity spends its budget: type, share, currency, when, what.
# "before" is two weeks before the planned start; "end" is the actual end, so an activity
# that has not ended has spent only its "before" and "start" parts.
SPENDING: dict[str, list[tuple[str, str, str, str, str]]] = {
    K.TRAINING: [
        (T.DISBURSEMENT, "0.40", "BTN", "before", "Local costs through MoAF"),
        (T.EXPENDITURE, "0.60", "THB", "end", "Trainers' fees and travel"),
    ],
    K.STUDY_VISIT: [
        (T.EXPENDITURE, "0.35", "USD", "before", "Air tickets"),
        (T.EXPENDITURE, "0.65", "THB", "end", "Stay, transport and visits in Thailand"),
    ],
    K.EXPERT_MISSION: [
        (T.EXPENDITURE, "0.25", "USD", "before", "Air ticket"),
        (T.EXPENDITURE, "0.75", "THB", "end", "Expert's fee and allowances"),
    ],
    K.VOLUNTEER_ASSIGNMENT: [
        (T.EXPENDITURE, "0.20", "USD", "before", "Air ticket and insurance"),
        (T.EXPENDITURE, "0.80", "THB", "end", "Volunteer's allowances"),
    ],
    K.EQUIPMENT_DELIVERY: [
        (T.EXPENDITURE, "0.60", "USD", "before", "Equipment bought abroad"),
        (T.DISBURSEMENT, "0.40", "BTN", "start", "Local purchases and transport through MoAF"),
    ],
    K.PROMOTION: [(T.EXPENDITURE, "1.00", "THB", "end", "Production and booth costs")],
    K.BUSINESS_PLANNING: [
        (T.DISBURSEMENT, "0.50", "BTN", "before", "Local costs through MoAF"),
        (T.EXPENDITURE, "0.50", "THB", "end", "Trainers' fees and travel"),
    ],
    K.MONITORING_VISIT: [
        (T.DISBURSEMENT, "0.30", "BTN", "before", "Local transport and enumerators"),
        (T.EXPENDITURE, "0.70", "THB", "end", "Mission travel and allowances"),
    ],
}
SPENDING[K.WORKSHOP] = SPENDING[K.TRAINING]
# Amounts are rounded as a finance officer would write them.
ROUNDING = {"THB": Decimal(100), "BTN": Decimal(100), "USD": Decimal(10)}

F_, M_, NR = Sex.FEMALE, Sex.MALE, ""
# Farmers of the demo groups (illustrative names), in their groups' order.
FARMERS: dict[str, list[tuple[str, str]]] = {
    RICE: [("Kinley Wangmo", F_), ("Ugyen Tshering", M_), ("Sonam Dema", F_)],
    CHILLI: [("Tshering Yangzom", F_), ("Karma Tenzin", NR)],
    CHHUME: [("Pema Choden", F_), ("Dechen Wangmo", F_), ("Sangay Lhamo", F_)],
    HONEY: [("Kuenzang Dorji", M_), ("Namgay Wangchuk", M_), ("Chimi Om", F_)],
    KHAMDANG: [("Tashi Dendup", M_), ("Sonam Yangchen", F_)],
    TOETSHO: [("Leki Zangmo", F_), ("Jigme Namgyel", M_), ("Dawa Tshomo", F_)],
    KHOMA: [("Kezang Wangmo", F_), ("Tandin Bidha", F_), ("Yeshey Lhamo", F_)],
    DAIRY: [("Pem Dorji", M_), ("Choki Wangmo", F_)],
    YAK: [("Lhakpa Tshering", M_), ("Pasang Dem", F_)],
    MERAK: [("Sangay Tenzin", M_), ("Tshering Dema", F_)],
    BURA: [("Karma Yangki", F_), ("Nima Choden", F_)],
    CANE: [("Phuntsho Wangdi", M_), ("Dorji Wangmo", F_)],
    WOOD: [("Rinchen Norbu", M_), ("Tenzin Jamtsho", M_)],
    OIL: [("Bishnu Maya Rai", F_), ("Dil Bahadur Gurung", M_)],
    CARDAMOM: [("Chandra Kala Sharma", F_), ("Hari Prasad Adhikari", M_), ("Man Kumari Subba", F_)],
    SPICE: [("Dhan Maya Tamang", F_), ("Krishna Bahadur Ghalley", M_)],
    ZAW: [("Sonam Pelden", F_), ("Thinley Dorji", M_)],
    POTATO: [("Ugyen Gyeltshen", M_), ("Kinley Pem", F_)],
    CHEESE: [("Namgay Dorji", NR), ("Dechen Pelden", F_)],
    FRUIT: [("Tshewang Rinzin", M_), ("Deki Yangzom", F_), ("Karma Choden", F_)],
    LEMONGRASS: [("Tshering Dorji", M_), ("Ngawang Lhamo", F_)],
    SOAP: [("Sonam Choki", F_), ("Passang Tamang", M_)],
    SMITH: [("Dorji Gyeltshen", M_), ("Sangay Penjor", M_)],
    BUCKWHEAT: [("Pema Wangchuk", M_), ("Ugyen Lhamo", F_)],
    INCENSE: [("Jamyang Tshering", NR), ("Kinzang Choden", F_)],
}  # fmt: skip

# Thai trainers, experts and volunteers (illustrative names): name, sex, organisation, login.
THAIS: list[tuple[str, str, str, str | None]] = [
    ("Kanokwan Chaiyasit", F_, "universities", None),
    ("Somsak Phromma", M_, "universities", None),
    ("Somchai Rattanaporn", M_, "universities", None),
    ("Wipada Kongkaew", F_, "universities", None),
    ("Nattaya Srisuwan", F_, "universities", "expert"),
    ("Suda Chaiwong", F_, "universities", None),
    ("Prasert Boonmee", M_, "universities", None),
    ("Apinya Thongdee", F_, "tica", None),
    ("Thanawat Suksawat", M_, "tica", None),
    ("Jiraporn Kaewmanee", F_, "tica", None),
]

# Learning activities: trainees from each group served, and the Thais who taught.
ATTENDANCE: dict[str, tuple[int, list[tuple[str, str]]]] = {
    "selection-workshop-2016": (1, [("Somsak Phromma", ParticipantRole.FACILITATOR)]),
    "food-training-2016": (2, [("Somsak Phromma", ParticipantRole.TRAINER)]),
    "study-visit-2016": (2, []),
    "packaging-training-2017": (2, [("Kanokwan Chaiyasit", ParticipantRole.TRAINER)]),
    "weaving-training-2017": (2, [("Suda Chaiwong", ParticipantRole.TRAINER)]),
    "study-visit-2017": (2, []),
    "pricing-workshop-2017": (2, [("Kanokwan Chaiyasit", ParticipantRole.FACILITATOR)]),
    "trainers-training-2018": (
        1,
        [
            ("Somsak Phromma", ParticipantRole.TRAINER),
            ("Kanokwan Chaiyasit", ParticipantRole.TRAINER),
        ],
    ),
    "honey-training-2018": (3, [("Jiraporn Kaewmanee", ParticipantRole.TRAINER)]),
    "study-visit-2018": (1, []),
}


class MissionPlan(NamedTuple):
    activity: str
    person: str
    kind: str
    expertise: str
    host: str
    area: str
    start: dt.date
    end: dt.date
    report: str
    submitted: dt.date | None


MISSIONS = [
    MissionPlan(
        "expert-food-2016", "Somchai Rattanaporn", MissionKind.EXPERT,
        "Fruit and vegetable processing", FRUIT, "BT-15-06", D(2016, 9, 5), D(2016, 9, 30),
        "Illustrative report. Set up a jam and juice line with the Mewang group: recipes with "
        "less sugar, pasteurising juice in bottles, hygiene rules for the kitchen. The group "
        "needs a solar dryer for fruit (requested under component 4).\n"
        "รายงานตัวอย่าง จัดสายการผลิตแยมและน้ำผลไม้กับกลุ่มเมวัง สูตรลดน้ำตาล การพาสเจอไรซ์ "
        "และกฎสุขอนามัยในครัว",
        D(2016, 10, 14),
    ),
    MissionPlan(
        "expert-standards-2016", "Wipada Kongkaew", MissionKind.EXPERT,
        "Food safety and product standards", RICE, "BT-11-02", D(2016, 11, 7), D(2016, 12, 2),
        "Illustrative report. Walked the rice mill and the chilli drying sheds against good "
        "manufacturing practice; listed twelve fixes, eight done before I left. Red rice can "
        "apply for certification next year.\n"
        "รายงานตัวอย่าง ตรวจโรงสีข้าวและโรงตากพริกตามหลักเกณฑ์วิธีการที่ดีในการผลิต "
        "ข้าวแดงพร้อมยื่นขอรับรองมาตรฐานในปีหน้า",
        D(2016, 12, 16),
    ),
    MissionPlan(
        "expert-packaging-2017", "Nattaya Srisuwan", MissionKind.EXPERT,
        "Packaging design", KHAMDANG, "BT-TY-03", D(2017, 2, 6), D(2017, 3, 3),
        "Illustrative report. Designed a resealable 200 g pack and a label with the Brand "
        "Bhutan mark for the Khamdang and Toetsho peanuts; the groups chose the print run "
        "and a local printer.\n"
        "รายงานตัวอย่าง ออกแบบถุงซิปล็อกขนาด 200 กรัมและฉลากที่มีเครื่องหมาย Brand Bhutan "
        "สำหรับถั่วลิสงคำดังและโตเอตโช",
        D(2017, 3, 20),
    ),
    MissionPlan(
        "expert-weaving-2017", "Suda Chaiwong", MissionKind.EXPERT,
        "Weaving design and natural dyes", KHOMA, "BT-44-03", D(2017, 6, 5), D(2017, 6, 30),
        "Illustrative report. Worked on table runners and scarves in sizes Thai buyers ask "
        "for, and on fixing natural dyes so that colours hold in the wash.\n"
        "รายงานตัวอย่าง พัฒนาผ้าปูโต๊ะและผ้าพันคอในขนาดที่ผู้ซื้อไทยต้องการ "
        "และการย้อมสีธรรมชาติให้สีติดทน",
        D(2017, 7, 14),
    ),
    MissionPlan(
        "expert-dairy-2018", "Prasert Boonmee", MissionKind.EXPERT,
        "Dairy processing", DAIRY, "BT-13-01", D(2018, 5, 7), D(2018, 6, 1),
        "Illustrative report. Butter now keeps six weeks chilled instead of two; cheese balls "
        "are dried on racks, not on the floor. A cold room would double what the group sells.\n"
        "รายงานตัวอย่าง เนยเก็บได้หกสัปดาห์ในที่เย็น ชีสตากบนชั้นแทนพื้น",
        D(2018, 6, 20),
    ),
    MissionPlan(
        "expert-herbal-2018", "Nattaya Srisuwan", MissionKind.EXPERT,
        "Packaging for herbal products", LEMONGRASS, "BT-42-02", D(2018, 8, 6), D(2018, 8, 31),
        "", None,
    ),
    MissionPlan(
        "volunteer-2016", "Apinya Thongdee", MissionKind.VOLUNTEER,
        "Group bookkeeping", CHILLI, "BT-33-04", D(2016, 6, 1), D(2016, 11, 30),
        "Illustrative report. The group keeps a cash book and a sales book; two members can "
        "now close the month on their own.\n"
        "รายงานตัวอย่าง กลุ่มจดบัญชีเงินสดและสมุดบันทึกการขาย สมาชิกสองคนปิดบัญชีรายเดือนได้เอง",
        D(2016, 12, 9),
    ),
    MissionPlan(
        "volunteer-2017", "Thanawat Suksawat", MissionKind.VOLUNTEER,
        "Marketing and sales records", WOOD, "BT-41-03", D(2017, 1, 9), D(2017, 12, 15),
        "Illustrative report. Monthly market days in Trashigang and a shared display at the "
        "dzongkhag shop; the woodturners now record every sale.\n"
        "รายงานตัวอย่าง จัดตลาดนัดรายเดือนและมุมแสดงสินค้าร่วม ช่างกลึงไม้บันทึกการขายทุกครั้ง",
        D(2017, 12, 22),
    ),
    MissionPlan(
        "volunteer-2018", "Jiraporn Kaewmanee", MissionKind.VOLUNTEER,
        "Honey processing and hygiene", HONEY, "BT-33-03", D(2018, 2, 5), D(2018, 11, 30),
        "Illustrative report. Honey is now filtered and its moisture measured before bottling; "
        "the group sold its whole harvest in jars.\n"
        "รายงานตัวอย่าง กรองน้ำผึ้งและวัดความชื้นก่อนบรรจุขวด กลุ่มขายผลผลิตทั้งหมดในรูปขวด",
        D(2018, 12, 7),
    ),
]  # fmt: skip


class DeliveryPlan(NamedTuple):
    activity: str
    group: str
    item: str
    quantity: int
    unit: str
    value: int
    currency: str
    delivered_on: dt.date
    in_use: bool | None
    visited_on: dt.date | None


DELIVERIES = [
    DeliveryPlan("equipment-food-2016", FRUIT, "Solar fruit dryer", 2, "units", 84_000, "THB",
                 D(2016, 10, 20), True, D(2017, 11, 8)),
    DeliveryPlan("equipment-food-2016", ZAW, "Vacuum sealer", 1, "unit", 38_000, "THB",
                 D(2016, 10, 20), True, D(2017, 11, 9)),
    DeliveryPlan("equipment-food-2016", KHAMDANG, "Gas-fired peanut roaster", 1, "unit", 1_150,
                 "USD", D(2016, 10, 24), True, D(2017, 11, 14)),
    # Not in use: the fryer's heating element failed and no spare part was found locally.
    DeliveryPlan("equipment-food-2016", POTATO, "Potato slicer and fryer", 1, "set", 52_000,
                 "THB", D(2016, 10, 25), False, D(2017, 11, 10)),
    DeliveryPlan("equipment-food-2016", TOETSHO, "Peanut butter grinder", 1, "unit", 46_000,
                 "THB", D(2016, 10, 26), True, D(2017, 11, 15)),
    DeliveryPlan("equipment-looms-2017", KHOMA, "Pedal loom", 4, "units", 160_000, "BTN",
                 D(2017, 4, 10), True, D(2017, 11, 13)),
    DeliveryPlan("equipment-looms-2017", CHHUME, "Natural dyeing kit", 3, "sets", 45_000, "THB",
                 D(2017, 4, 12), True, D(2018, 10, 17)),
    DeliveryPlan("equipment-honey-2017", HONEY, "Stainless-steel honey extractor", 2, "units",
                 1_900, "USD", D(2017, 7, 10), True, D(2018, 10, 16)),
    DeliveryPlan("equipment-honey-2017", HONEY, "Movable-frame hive box", 20, "units", 60_000,
                 "BTN", D(2017, 7, 10), True, D(2018, 10, 16)),
    DeliveryPlan("equipment-herbal-2018", SOAP, "Band sealer and label printer", 1, "set",
                 42_000, "THB", D(2018, 3, 22), True, D(2018, 10, 24)),
    # Not visited yet.
    DeliveryPlan("equipment-herbal-2018", LEMONGRASS, "Small steam distiller", 1, "unit", 3_400,
                 "USD", D(2018, 3, 20), None, None),
]  # fmt: skip

P = PromotionKind
# activity, kind, title in English and Thai, published on, reach, fair
PROMOTION = [
    ("brochure-2016", P.BROCHURE, "OGOP brochure: one gewog, one product",
     "แผ่นพับ OGOP: หนึ่งเกวอก หนึ่งผลิตภัณฑ์", D(2016, 7, 29), 5_000, None),
    ("video-2017", P.VIDEO, "From gewog to market (video)",
     "จากเกวอกสู่ตลาด (วีดิทัศน์)", D(2017, 9, 15), 12_400, None),
    ("otop-city-2017", P.FAIR_BOOTH, "Bhutan's OGOP booth at OTOP CITY 2017",
     "บูธ OGOP ภูฏานในงาน OTOP CITY 2017", D(2017, 12, 17), 18_000, FAIR_CODE),
    ("otop-city-2017", P.SOCIAL_POST, "35 Bhutanese products at OTOP CITY 2017",
     "ผลิตภัณฑ์ภูฏาน 35 รายการในงาน OTOP CITY 2017", D(2017, 12, 18), 8_300, None),
    ("social-2018", P.SOCIAL_POST, "Meet the Tang honey producers",
     "รู้จักกลุ่มผู้ผลิตน้ำผึ้งตัง", D(2018, 3, 15), 6_100, None),
    ("social-2018", P.SOCIAL_POST, "Kishuthara: weaving Bhutan's brocade",
     "คิชูทารา: ผ้ายกดอกของภูฏาน", D(2018, 5, 10), 4_700, None),
]  # fmt: skip

# product, activity, prepared on, fixed costs, variable cost, price, volume, notes (BTN)
BUSINESS_PLANS = [
    ("BT-P001", "business-clinic-2017", D(2017, 8, 10), 150_000, 72, 120, 4_000,
     "Illustrative first plan, made at the business planning clinic."),
    ("BT-P001", "plan-review-2018", D(2018, 3, 8), 165_000, 68, 130, 5_500,
     "Illustrative revision after OTOP CITY 2017: a better mill lowers the cost of a bag; "
     "two new shops in Thimphu."),
    ("BT-P007", "business-clinic-2017", D(2017, 8, 10), 90_000, 260, 450, 700,
     "Illustrative first plan, made at the business planning clinic."),
    ("BT-P007", "plan-review-2018", D(2018, 3, 8), 110_000, 240, 500, 950,
     "Illustrative revision after OTOP CITY 2017: the new extractors raise the harvest; "
     "a higher price for the certified honey."),
    ("BT-P009", "business-clinic-2017", D(2017, 8, 10), 45_000, 48, 80, 2_500,
     "Illustrative first plan, made at the business planning clinic."),
    ("BT-P009", "plan-review-2018", D(2018, 3, 8), 52_000, 45, 85, 3_600,
     "Illustrative revision after OTOP CITY 2017: the new pack sells at the airport shop."),
]  # fmt: skip

THAI_GROUP = {
    "code": "PG-TH-SANKAMPHAENG-SILK",
    "name_en": "San Kamphaeng Silk Weavers (illustrative)",
    "name_th": "กลุ่มทอผ้าไหมสันกำแพง (ตัวอย่าง)",
    "kind": GroupKind.FARMER_GROUP,
    "area": "501301",
    "members_female": 22,
    "members_male": 3,
    "story_en": "Illustrative demo group: a Thai OTOP silk-weaving group in Chiang Mai, "
    "twinned with the Khoma Kishuthara weavers of Bhutan.",
    "story_th": "กลุ่มตัวอย่างสาธิต: กลุ่มทอผ้าไหม OTOP ในจังหวัดเชียงใหม่ "
    "ซึ่งจับคู่แลกเปลี่ยนกับกลุ่มทอผ้าคิชูทาราโคมาของภูฏาน",
    "is_illustrative": True,
    "is_public": False,
}
TWINNING_START = D(2017, 6, 1)
TWINNING_FOCUS = (
    "Illustrative: weaving techniques, natural dyes, product design and selling to visitors."
)
# direction, start, end, visitors, activity, notes
TWINNING_VISITS = [
    (VisitDirection.TO_THAILAND, D(2017, 8, 23), D(2017, 8, 25), 2, "study-visit-2017",
     "Illustrative: two Khoma weavers spent three days in the San Kamphaeng group's workshop "
     "during the 2017 study visit."),
    (VisitDirection.TO_BHUTAN, D(2018, 5, 14), D(2018, 5, 19), 2, None,
     "Illustrative: two Thai weavers came to Khoma and showed silk finishing and how they "
     "price for visitors."),
]  # fmt: skip


class IndicatorPlan(NamedTuple):
    title_en: str
    title_th: str
    measure: str
    computation: str
    baseline: int
    targets: tuple[int, int, int]
    actuals: tuple[int, int, int] | None = None  # typed in; None when computed
    by_sex: tuple[tuple[int, int], ...] | None = None  # (women, men) targets a year


R = ResultType
C = Computation
U = IndicatorMeasure.UNIT
RESULTS = [
    (R.IMPACT, 1,
     "Bhutanese OGOP producer groups earn more from their products",
     "กลุ่มผู้ผลิต OGOP ของภูฏานมีรายได้จากผลิตภัณฑ์เพิ่มขึ้น",
     [IndicatorPlan("Average yearly sales of a producer group (BTN)",
                    "ยอดขายเฉลี่ยต่อปีของกลุ่มผู้ผลิต (งุลตรัม)",
                    U, C.MANUAL, 180_000, (180_000, 220_000, 260_000),
                    actuals=(180_000, 231_000, 254_000))]),
    (R.OUTCOME, 1,
     "OGOP products meet quality standards and are ready for market",
     "ผลิตภัณฑ์ OGOP ได้มาตรฐานคุณภาพและพร้อมออกสู่ตลาด",
     [IndicatorPlan("Products rated 3 stars or more",
                    "ผลิตภัณฑ์ที่ได้ระดับ 3 ดาวขึ้นไป",
                    U, C.PRODUCTS_THREE_STARS, 0, (0, 10, 20)),
      IndicatorPlan("Products market-ready or beyond",
                    "ผลิตภัณฑ์ที่พร้อมจำหน่ายหรือก้าวหน้ากว่านั้น",
                    U, C.PRODUCTS_MARKET_READY, 0, (0, 5, 15))]),
    (R.OUTCOME, 2,
     "OGOP products reach buyers in Bhutan and Thailand",
     "ผลิตภัณฑ์ OGOP เข้าถึงผู้ซื้อในภูฏานและไทย",
     [IndicatorPlan("Sales at fairs (THB)", "ยอดขายในงานแสดงสินค้า (บาท)",
                    U, C.FAIR_SALES, 0, (0, 300_000, 350_000)),
      IndicatorPlan("Producer groups with a business plan",
                    "กลุ่มผู้ผลิตที่มีแผนธุรกิจ",
                    U, C.MANUAL, 0, (0, 3, 5), actuals=(0, 3, 3))]),
    (R.OUTPUT, 1,
     "Farmers trained in product development, processing and marketing",
     "เกษตรกรได้รับการฝึกอบรมด้านการพัฒนาผลิตภัณฑ์ การแปรรูป และการตลาด",
     [IndicatorPlan("People trained", "จำนวนผู้ผ่านการฝึกอบรม",
                    U, C.PEOPLE_TRAINED, 0, (40, 45, 25),
                    by_sex=((20, 20), (25, 20), (14, 11)))]),
    (R.OUTPUT, 2,
     "The plan is carried out and its budget spent as planned",
     "ดำเนินงานและใช้จ่ายงบประมาณตามแผน",
     [IndicatorPlan("Share of the budget disbursed so far", "สัดส่วนงบประมาณที่เบิกจ่ายแล้วสะสม",
                    IndicatorMeasure.PERCENTAGE, C.BUDGET_DISBURSED, 0, (25, 65, 95))]),
    (R.OUTPUT, 3,
     "OGOP is known in Bhutan and Thailand",
     "OGOP เป็นที่รู้จักในภูฏานและไทย",
     [IndicatorPlan("People reached by OGOP promotion", "จำนวนผู้ที่ได้รับสื่อประชาสัมพันธ์ OGOP",
                    U, C.MANUAL, 0, (3_000, 20_000, 10_000),
                    actuals=(5_000, 38_700, 10_800))]),
]  # fmt: skip

PERIOD_NOTES: dict[tuple[str, int], str] = {
    (C.FAIR_SALES, 2018): "Illustrative target; the demo records no fair in 2018.",
}


# Helpers -------------------------------------------------------------------------------------


def _jitter(key: str, salt: str) -> int:
    """A stable number 0–99, so that the demo is the same on every run."""
    return zlib.crc32(f"{key}:{salt}".encode()) % 100


def _upsert(model: type[ModelT], lookup: dict[str, Any], values: dict[str, Any]) -> ModelT:
    """Find the record by `lookup`; create it, or save it only if `values` changed it."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    elif all(getattr(obj, name) == value for name, value in values.items()):
        return obj
    else:
        for name, value in values.items():
            setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def _round(amount: Decimal, currency: str) -> Decimal:
    step = ROUNDING[currency]
    return (amount / step).quantize(Decimal(1), ROUND_HALF_UP) * step


# Loaders -------------------------------------------------------------------------------------


def _sectors(programme: Programme) -> None:
    for code, percentage in SECTORS:
        _upsert(
            ProgrammeSector,
            {"programme": programme, "vocabulary": "1", "code": code},
            {"percentage": Decimal(percentage)},
        )


def _rates() -> None:
    for day, (thb, btn) in USD_RATES.items():
        usd_thb, usd_btn = Decimal(thb), Decimal(btn)
        for currency, quote, rate in [
            ("USD", "THB", usd_thb),
            ("USD", "BTN", usd_btn),
            ("BTN", "THB", (usd_thb / usd_btn).quantize(Decimal("0.000001"))),
        ]:
            _upsert(
                ExchangeRate,
                {"currency": currency, "quote": quote, "valid_from": day},
                {"rate": rate, "source": RATE_SOURCE},
            )


def _activities(programme: Programme, orgs: dict[str, "Organisation"]) -> dict[str, Activity]:
    components = {c.position: c for c in programme.components.all()}
    areas = {a.code: a for a in Area.objects.filter(code__in={p.area for p in ACTIVITIES})}
    bhutanese = ProducerGroup.objects.filter(area__country="BT", is_illustrative=True)
    groups = {g.code: g for g in bhutanese}
    products = {p.code: p for p in Product.objects.filter(producer_group__in=bhutanese)}
    made = {}
    for plan in ACTIVITIES:
        area = areas[plan.area]
        closed = plan.status in (ActivityStatus.CLOSED, ActivityStatus.FINALISATION)
        about = (
            (plan.about_en, plan.about_th)
            if plan.fact
            else (f"{ILLUSTRATIVE_EN} {plan.about_en}", f"{ILLUSTRATIVE_TH} {plan.about_th}")
        )
        activity = _upsert(
            Activity,
            {"component": components[plan.component], "title_en": plan.title_en},
            {
                "kind": plan.kind,
                "title": plan.title_en,
                "title_th": plan.title_th,
                "description": about[0],
                "description_en": about[0],
                "description_th": about[1],
                "area": area,
                "country": area.country if area.country != programme.recipient_country else "",
                "start_planned": plan.start,
                "end_planned": plan.end,
                "start_actual": plan.start,
                "end_actual": (plan.ended or plan.end) if closed else None,
                "status": plan.status,
                "responsible_organisation": orgs[plan.organisation],
                "budget": Decimal(plan.budget),
            },
        )
        served = list(groups) if plan.groups == ALL else plan.groups
        activity.producer_groups.set([groups[code] for code in served])
        chosen = list(products) if plan.products == ALL else plan.products
        activity.products.set([products[code] for code in chosen])
        made[plan.key] = activity
    return made


def _budgets(programme: Programme) -> None:
    """Each component's yearly budget: what its activities of that year plan to spend."""
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for plan in ACTIVITIES:
        totals[plan.component, plan.start.year] += plan.budget
    for component in programme.components.all():
        for year in YEARS:
            _upsert(
                ComponentBudget,
                {"component": component, "year": year},
                {"amount": Decimal(totals[component.position, year])},
            )


def _transaction(
    programme: Programme, description: str, *, user: "User", **values: Any
) -> Transaction:
    """Record a transaction once, found again by its description; converted at the day's rate."""
    txn = Transaction.objects.filter(programme=programme, description=description).first()
    if txn is not None and all(getattr(txn, k) == v for k, v in values.items()):
        return txn
    txn = txn or Transaction(programme=programme, description=description)
    for name, value in values.items():
        setattr(txn, name, value)
    return transaction_record(txn=txn, user=user)


def _transactions(
    programme: Programme,
    orgs: dict[str, "Organisation"],
    activities: dict[str, Activity],
    user: "User",
) -> None:
    first, last = programme.period
    for component in programme.components.all():
        for year in YEARS:
            budget = component.budgets.get(year=year)
            _transaction(
                programme,
                f"Commitment {year}: {component.title_en} (illustrative)",  # type: ignore[attr-defined]
                user=user,
                component=component,
                activity=None,
                kind=TransactionType.COMMITMENT,
                date=dt.date(year, 1, 15),
                amount=budget.amount,
                currency="THB",
                provider=orgs["tica"],
                receiver=None,
            )
    for plan in ACTIVITIES:
        activity = activities[plan.key]
        # Most activities spend 92–99% of their budget.
        spent = Decimal(plan.budget) * (92 + _jitter(plan.key, "spent") % 8) / 100
        for kind, share, currency, when, what in SPENDING[plan.kind]:
            days = {
                "before": max(activity.start_planned - dt.timedelta(days=14), first),
                "start": activity.start_actual,
                "end": activity.end_actual,
            }
            day = days[when]
            if day is None:
                continue  # not spent yet
            amount = _round(spent * Decimal(share) / rate_on(currency, "THB", day), currency)
            _transaction(
                programme,
                f"{what}: {plan.title_en} (illustrative)",
                user=user,
                component=activity.component,
                activity=activity,
                kind=kind,
                date=min(day, last),
                amount=amount,
                currency=currency,
                provider=orgs["tica"],
                receiver=orgs["moaf"] if kind == TransactionType.DISBURSEMENT else None,
            )


def _people(orgs: dict[str, "Organisation"], users: dict[str, "User"]) -> dict[str, Person]:
    groups = {g.code: g for g in ProducerGroup.objects.filter(code__in=FARMERS)}
    people = {}
    for code, farmers in FARMERS.items():
        for name, sex in farmers:
            people[name] = _upsert(
                Person,
                {"name": name},
                {"sex": sex, "producer_group": groups[code], "organisation": None},
            )
    for name, sex, org, login in THAIS:
        first, last = name.lower().split()
        people[name] = _upsert(
            Person,
            {"name": name},
            {
                "sex": sex,
                "organisation": orgs[org],
                "producer_group": None,
                "user": users.get(login) if login else None,
                "email": f"{first}.{last}@example.org",
            },
        )
    return people


def _participants(activities: dict[str, Activity], people: dict[str, Person]) -> None:
    members = {code: [name for name, _sex in farmers] for code, farmers in FARMERS.items()}
    for key, (per_group, teachers) in ATTENDANCE.items():
        activity = activities[key]
        days = (activity.end_actual or activity.end_planned) - activity.start_planned
        length = Decimal(days.days + 1)
        tested = activity.kind != ActivityKind.STUDY_VISIT
        codes = activity.producer_groups.values_list("code", flat=True).order_by("code")
        for code in codes:
            names = members[code]
            turn = _jitter(key, code) % len(names)  # who goes this time
            for name in (names[turn:] + names[:turn])[:per_group]:
                seed = f"{key}/{name}"
                missed = _jitter(seed, "missed") < 12
                pre = 30 + _jitter(seed, "pre") % 35 if tested else None
                post = None
                if pre is not None and not (missed and _jitter(seed, "post") < 40):
                    post = min(pre + 10 + _jitter(seed, "gain") % 21, 98)
                _upsert(
                    Participant,
                    {"activity": activity, "person": people[name]},
                    {
                        "role": ParticipantRole.TRAINEE,
                        "days_attended": length - 1 if missed and length > 1 else length,
                        "pre_score": None if pre is None else Decimal(pre),
                        "post_score": None if post is None else Decimal(post),
                    },
                )
        for name, role in teachers:
            _upsert(
                Participant,
                {"activity": activity, "person": people[name]},
                {"role": role, "days_attended": length, "pre_score": None, "post_score": None},
            )


def _missions(activities: dict[str, Activity], people: dict[str, Person]) -> None:
    groups = {g.code: g for g in ProducerGroup.objects.filter(code__in={m.host for m in MISSIONS})}
    areas = {a.code: a for a in Area.objects.filter(code__in={m.area for m in MISSIONS})}
    for plan in MISSIONS:
        _upsert(
            Mission,
            {"person": people[plan.person], "start": plan.start},
            {
                "activity": activities[plan.activity],
                "kind": plan.kind,
                "expertise": plan.expertise,
                "host_group": groups[plan.host],
                "host_area": areas[plan.area],
                "end": plan.end,
                "report": plan.report,
                "report_submitted_on": plan.submitted,
            },
        )


def _deliveries(activities: dict[str, Activity]) -> None:
    groups = {
        g.code: g for g in ProducerGroup.objects.filter(code__in={d.group for d in DELIVERIES})
    }
    for plan in DELIVERIES:
        _upsert(
            Delivery,
            {"producer_group": groups[plan.group], "item": plan.item},
            {
                "activity": activities[plan.activity],
                "quantity": Decimal(plan.quantity),
                "unit": plan.unit,
                "value": Decimal(plan.value),
                "currency": plan.currency,
                "delivered_on": plan.delivered_on,
                "in_use": plan.in_use,
                "last_visit_on": plan.visited_on,
            },
        )


def _promotion(programme: Programme, activities: dict[str, Activity]) -> None:
    for key, kind, title_en, title_th, published_on, reach, fair_code in PROMOTION:
        _upsert(
            PromotionItem,
            {"programme": programme, "kind": kind, "title_en": title_en},
            {
                "title": title_en,
                "title_th": title_th,
                "activity": activities[key],
                "published_on": published_on,
                "reach": reach,
                "fair": Fair.objects.get(code=fair_code) if fair_code else None,
            },
        )


def _business_plans(activities: dict[str, Activity], user: "User") -> None:
    products = {
        p.code: p
        for p in Product.objects.filter(
            code__in={plan[0] for plan in BUSINESS_PLANS}
        ).select_related("producer_group")
    }
    for code, key, prepared_on, fixed, variable, price, volume, notes in BUSINESS_PLANS:
        product = products[code]
        values = {
            "producer_group": product.producer_group,
            "activity": activities[key],
            "currency": "BTN",
            "fixed_costs": Decimal(fixed),
            "variable_cost": Decimal(variable),
            "price": Decimal(price),
            "expected_volume": volume,
            "notes": notes,
        }
        if BusinessPlan.objects.filter(product=product, prepared_on=prepared_on).exists():
            _upsert(BusinessPlan, {"product": product, "prepared_on": prepared_on}, values)
        else:
            business_plan_save(
                plan=BusinessPlan(product=product, prepared_on=prepared_on, **values), user=user
            )


def _twinning(
    programme: Programme, activities: dict[str, Activity], users: dict[str, "User"]
) -> Twinning:
    spec = dict(THAI_GROUP)
    thai = ProducerGroup.objects.filter(code=spec["code"]).first()
    if thai is None:
        spec["area"] = Area.objects.get(code=spec["area"])
        thai = producer_group_create(user=users["admin"], name=spec["name_en"], **spec)
    twinning = _upsert(
        Twinning,
        {"bhutan_group": ProducerGroup.objects.get(code=KHOMA), "thai_group": thai},
        {
            "programme": programme,
            "started_on": TWINNING_START,
            "ended_on": None,
            "focus": TWINNING_FOCUS,
        },
    )
    for direction, start, end, visitors, key, notes in TWINNING_VISITS:
        _upsert(
            TwinningVisit,
            {"twinning": twinning, "direction": direction, "start": start},
            {
                "end": end,
                "visitors": visitors,
                "activity": activities[key] if key else None,
                "notes": notes,
            },
        )
    return twinning


def _results(programme: Programme) -> None:
    for kind, position, title_en, title_th, indicators in RESULTS:
        result = _upsert(
            Result,
            {"programme": programme, "kind": kind, "position": position},
            {
                "title": title_en,
                "title_en": title_en,
                "title_th": title_th,
                "description": "Illustrative demo result.",
                "description_en": "Illustrative demo result.",
                "description_th": "ผลลัพธ์ตัวอย่างสาธิต",
            },
        )
        for number, plan in enumerate(indicators, start=1):
            about = (
                "Illustrative demo indicator; its targets are made up and its actuals are "
                "computed from the demo's data."
                if plan.computation
                else "Illustrative demo indicator: its targets and actuals are made up."
            )
            indicator = _upsert(
                Indicator,
                {"result": result, "position": number},
                {
                    "title": plan.title_en,
                    "title_en": plan.title_en,
                    "title_th": plan.title_th,
                    "description": about,
                    "description_en": about,
                    "measure": plan.measure,
                    "computation": plan.computation,
                    "baseline_year": YEARS[0],
                    "baseline_value": Decimal(plan.baseline),
                },
            )
            for index, year in enumerate(YEARS):
                period = _upsert(
                    Period,
                    {"indicator": indicator, "start": dt.date(year, 1, 1)},
                    {
                        "end": dt.date(year, 12, 31),
                        "target": Decimal(plan.targets[index]),
                        "actual": None if plan.actuals is None else Decimal(plan.actuals[index]),
                        "comment": PERIOD_NOTES.get((plan.computation, year), "Illustrative."),
                    },
                )
                for category, target in zip(
                    (Sex.FEMALE, Sex.MALE), plan.by_sex[index] if plan.by_sex else (), strict=False
                ):
                    _upsert(
                        Disaggregation,
                        {"period": period, "dimension": Dimension.SEX, "category": category},
                        {"target": Decimal(target)},
                    )


@transaction.atomic
def load(
    *, programme: Programme, orgs: dict[str, "Organisation"], users: dict[str, "User"]
) -> dict[str, int]:
    """Create or bring up to date the demo programme's plan, money, people, things and
    results; safe to run again. Expects the demo's groups, products and fair."""
    with translation.override("en"):
        _sectors(programme)
        _rates()
        activities = _activities(programme, orgs)
        _budgets(programme)
        _transactions(programme, orgs, activities, users["admin"])
        people = _people(orgs, users)
        _participants(activities, people)
        _missions(activities, people)
        _deliveries(activities)
        _promotion(programme, activities)
        _business_plans(activities, users["admin"])
        _twinning(programme, activities, users)
        _results(programme)
    return {
        "activities": Activity.objects.filter(component__programme=programme).count(),
        "transactions": programme.transactions.count(),
        "people": len(people),
        "participants": Participant.objects.filter(
            activity__component__programme=programme
        ).count(),
        "missions": Mission.objects.filter(activity__component__programme=programme).count(),
        "deliveries": Delivery.objects.filter(activity__component__programme=programme).count(),
        "promotion_items": programme.promotion_items.count(),
        "business_plans": BusinessPlan.objects.filter(
            activity__component__programme=programme
        ).count(),
        "twinnings": programme.twinnings.count(),
        "indicators": Indicator.objects.filter(result__programme=programme).count(),
    }

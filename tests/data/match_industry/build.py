"""Dev set of sub-industry needs: each need is specific to one sub-industry (针织 fabric faults
are not PCB faults, 冷链 matters to 特色食品加工) and is answered best by a product made for
that sub-industry (grade 2), then by a generic product of the same scene (grade 1); the
sub-industry's products for other scenes are grade 0. The catalog and the needs are written
here, in our own words. Run from the repository root: python tests/data/match_industry/build.py
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

KNIT = "针织或钩针编织物及其制造"
PCB = "印刷电路板"
FOOD = "特色食品加工"
AUTO = "汽车零部件及配件制造"
PHARMA = "生物医药制造"
STEEL = "结构性金属制品制造"
DYE = "棉纺织或化纤纺织及印染精加工"
HOME = "智能家电"
GRID = "输配电及控制设备制造"
MATERIAL = "新材料制造"

# id, name, description, stages, sub-industries ([] = generic)
PRODUCTS = [
    ("G-QMS", "质量检验管理系统", "来料、过程和成品检验记录，不合格品处理，质量报表和纠正预防措施跟踪。", ["质量管理"], []),
    ("G-MES", "轻量化生产执行系统", "工单下达、派工报工、工序流转和在制品跟踪，车间看板实时显示进度。", ["生产管控"], []),
    ("G-CAPP", "工艺路线与作业指导书管理", "编制工艺路线、工序卡和作业指导书，工艺文件版本受控并下发到工位。", ["工艺设计"], []),
    ("G-WMS", "仓储管理系统", "扫码出入库、库位和批次管理、库存盘点与库存预警。", ["仓储物流"], []),
    ("G-TMS", "运输配送管理系统", "订单派车、配送路线规划、司机签收和在途跟踪。", ["仓储物流"], []),
    ("G-EMS", "企业能源管理平台", "水电气分项计量、能耗统计分析、异常告警和节能评估。", ["能耗管理"], []),
    ("G-DESK", "售后服务工单系统", "客户报修登记、工单派发、上门服务记录和满意度回访。", ["售后服务"], []),
    ("G-APS", "高级计划排程", "按订单、产能和物料约束自动排产，插单重排，甘特图展示交期。", ["计划排程"], []),
    ("G-CMMS", "设备维护管理系统", "设备台账、点检保养计划、维修工单和备件库存。", ["设备管理"], []),
    ("G-SAFE", "安全隐患排查治理平台", "隐患上报、整改跟踪、安全巡检和安全培训档案。", ["安全生产"], []),
    ("G-CRM", "客户关系管理CRM", "客户档案、销售线索、商机跟进、合同与回款管理。", ["营销管理"], []),
    ("G-PLM", "图文档与产品数据管理", "设计图纸、物料清单和设计变更的版本管理与审批。", ["产品设计"], []),
    ("G-LIMS", "实验室信息管理系统", "样品登记、检测任务分配、仪器数据采集和检测报告审核。", ["质量管理"], []),
    # generic products whose copy names many sub-industries: their words match every need
    ("G-QMS-ALL", "全行业质量管理云", "适用于针织、印染、线路板、食品、汽配、制药、钢结构、家电、开关柜等行业的质量检验、疵点缺陷记录、批次追溯与质量报表。", ["质量管理"], []),
    ("G-MES-ALL", "多行业通用MES", "服务针织、印染、PCB、汽车零部件、食品等工厂的工单报工、机台产量采集、计件工资和工序在制品跟踪。", ["生产管控"], []),
    ("G-EMS-ALL", "工厂能耗监测SaaS", "面向食品冷库、印染定型机、制药洁净空调、注塑等场景的电、水、蒸汽计量与单位产品能耗核算。", ["能耗管理"], []),
    ("KN-QC", "针织坯布智能验布系统", "针织圆机下机坯布在线验布，机器视觉识别破洞、断纱、横条、油污等疵点，按匹记录疵点位置并评等。", ["质量管理"], [KNIT]),
    ("KN-MES", "针织圆机横机联网与计件", "圆机、横机转数和停机原因自动采集，按机台统计产量，挡车工计件工资自动核算。", ["生产管控"], [KNIT]),
    ("KN-PROC", "电脑横机花型制版与工艺单", "毛衫花型设计转横机程序，密度、针法和用纱量工艺单统一管理，一键下发到机台。", ["工艺设计"], [KNIT]),
    ("PCB-QC", "PCB AOI缺陷复判与良率分析", "汇集AOI、飞针测试数据，线路短路、开路、缺口等缺陷在线复判，按料号、层次统计良率。", ["质量管理"], [PCB]),
    ("PCB-MES", "多层板工序流转与在制品管理", "按拼板条码跟踪开料、压合、钻孔、电镀、阻焊各工序，实时掌握在制品和工序报废。", ["生产管控"], [PCB]),
    ("PCB-WMS", "覆铜板与化学药水仓储管理", "覆铜板、干膜、油墨按批次和有效期管理，先进先出，过期预警。", ["仓储物流"], [PCB]),
    ("FOOD-COLD", "食品冷链温控与配送追溯", "冷藏车和冷库温湿度实时监测，超温告警，配送全程温度记录随货可查。", ["仓储物流", "质量管理"], [FOOD]),
    ("FOOD-TRACE", "食品原料批次追溯与召回", "从原料验收、投料到成品批次一物一码追溯，出现问题快速定位并召回。", ["质量管理"], [FOOD]),
    ("FOOD-ENERGY", "食品厂冷库与杀菌蒸汽能耗监测", "冷库压缩机、杀菌锅和蒸汽管网计量，按班次和产品核算单位能耗。", ["能耗管理"], [FOOD]),
    ("AUTO-QC", "汽车零部件质量先期策划与追溯", "支持IATF 16949，PPAP文件、控制计划和FMEA管理，零件单件追溯到炉号和工位。", ["质量管理"], [AUTO]),
    ("AUTO-CLAIM", "主机厂质量索赔与三包件管理", "主机厂索赔单、三包旧件返回、故障分析和赔付结算闭环管理。", ["售后服务"], [AUTO]),
    ("AUTO-APS", "主机厂滚动订单JIT排产", "接收主机厂滚动预测和JIT要货计划，按节拍排产和备料，保证准时供货。", ["计划排程"], [AUTO]),
    ("PHARMA-EBR", "GMP电子批记录与偏差管理", "符合GMP的电子批生产记录，偏差、变更和CAPA在线审批，审计追踪。", ["质量管理"], [PHARMA]),
    ("PHARMA-EQ", "制药设备验证与计量校准", "洁净区设备确认与验证、仪器仪表计量校准到期提醒，设备使用日志电子化。", ["设备管理"], [PHARMA]),
    ("PHARMA-HVAC", "洁净厂房空调系统能耗优化", "洁净区空调机组、纯化水和压缩空气能耗监测，按洁净等级优化换气次数降耗。", ["能耗管理"], [PHARMA]),
    ("STEEL-NEST", "钢结构构件排版套料与数控切割", "H型钢、钢板零件自动排版套料，生成数控火焰和等离子切割程序，余料入库再利用。", ["工艺设计"], [STEEL]),
    ("STEEL-WELD", "钢结构焊缝检测与质量记录", "焊缝外观和探伤检测记录，焊工资质、焊接工艺评定和构件质量档案。", ["质量管理"], [STEEL]),
    ("STEEL-SAFE", "钢结构吊装与高处作业安全管控", "吊装作业票、高处作业审批、塔吊监测和安全帽佩戴识别。", ["安全生产"], [STEEL]),
    ("DYE-RECIPE", "印染打样配方与染化料自动称量", "测色配色生成染色配方，小样到大货放样，染化料自动称量和配方参数下发。", ["工艺设计"], [DYE]),
    ("DYE-ENERGY", "印染定型机与蒸汽能耗管理", "定型机、染缸蒸汽和用水计量，废气余热回收监测，按缸核算能耗成本。", ["能耗管理"], [DYE]),
    ("DYE-MES", "印染缸次生产跟踪", "按缸号跟踪前处理、染色、后整理各工序，在缸、待缸和回修一目了然。", ["生产管控"], [DYE]),
    ("HOME-SVC", "家电安装维修上门服务平台", "用户预约安装和报修，网点师傅接单上门，配件领用和延保服务管理。", ["售后服务"], [HOME]),
    ("HOME-DEALER", "家电渠道经销商与电商订单管理", "经销商订货、返利政策和电商平台订单统一管理，渠道库存可视。", ["营销管理"], [HOME]),
    ("HOME-TEST", "家电整机下线测试与质量追溯", "整机安规、功能和性能测试数据自动采集，不合格机拦截，按条码追溯测试记录。", ["质量管理"], [HOME]),
    ("GRID-DESIGN", "开关柜成套方案设计与报价", "按一次方案图快速配置开关柜元件，自动生成二次原理图、物料清单和报价。", ["产品设计"], [GRID]),
    ("GRID-TEST", "成套设备出厂试验与型式试验管理", "耐压、温升、机械操作等出厂试验数据采集，试验报告自动生成，型式试验证书管理。", ["质量管理"], [GRID]),
    ("MAT-LAB", "新材料配方试验数据管理", "配方设计、试验方案和性能测试数据结构化管理，对比分析加速新材料研发。", ["产品设计", "质量管理"], [MATERIAL]),
    ("MAT-HAZ", "新材料企业危化品全流程管理", "危险化学品采购、储存、领用和废弃全流程登记，储罐液位和可燃气体监测告警。", ["安全生产"], [MATERIAL]),
]

# need id, sub-industry, stage, text, the exact product, the generic products of its scene
NEEDS = [
    ("I01", KNIT, "质量管理", "针织厂坯布下机后靠人工验布，破洞断纱漏检多，客户退货，想用机器自动识别布面疵点", "KN-QC", ["G-QMS", "G-QMS-ALL"]),
    ("I02", KNIT, "质量管理", "我们织布车间的布老有横条和油污，验布工看一天眼睛都花了，疵点记录全手写", "KN-QC", ["G-QMS", "G-QMS-ALL"]),
    ("I03", KNIT, "生产管控", "几十台圆机每天织了多少、停了多久没人清楚，挡车工的计件工资也是估的", "KN-MES", ["G-MES", "G-MES-ALL"]),
    ("I04", KNIT, "工艺设计", "毛衫厂横机花型程序都靠一个制版师傅做，密度和针法参数没有统一的工艺单", "KN-PROC", ["G-CAPP"]),
    ("I05", PCB, "质量管理", "线路板AOI报出来的假点太多，复判全靠人，想把短路开路缺陷数据汇总起来看每个料号的良率", "PCB-QC", ["G-QMS", "G-QMS-ALL"]),
    ("I06", PCB, "质量管理", "PCB fabrication shop: we need to review AOI defects and track yield per part number and layer", "PCB-QC", ["G-QMS", "G-QMS-ALL"]),
    ("I07", PCB, "生产管控", "多层板工序太长，从压合到阻焊，一块拼板走到哪道工序了，报废在哪道，都查不清楚", "PCB-MES", ["G-MES", "G-MES-ALL"]),
    ("I08", PCB, "仓储物流", "干膜和油墨有保质期，仓库经常发出去过期的料，覆铜板也不按批次先进先出", "PCB-WMS", ["G-WMS"]),
    ("I09", FOOD, "仓储物流", "我们做的卤味要冷藏配送，车上温度高了没人知道，客户收货说变质了也拿不出温度记录", "FOOD-COLD", ["G-TMS", "G-WMS"]),
    ("I10", FOOD, "仓储物流", "特色糕点要走冷链发到外地，想全程监控冷藏车和冷库温度，超温马上报警", "FOOD-COLD", ["G-TMS", "G-WMS"]),
    ("I11", FOOD, "质量管理", "食品厂原料来自几十家农户，出了问题不知道是哪批原料做的哪批成品，召回很难", "FOOD-TRACE", ["G-QMS", "G-QMS-ALL"]),
    ("I12", FOOD, "能耗管理", "冷库和杀菌锅用电用汽很厉害，想知道每吨产品到底耗多少能", "FOOD-ENERGY", ["G-EMS", "G-EMS-ALL"]),
    ("I13", AUTO, "质量管理", "我们给主机厂供零件，要过IATF16949审核，PPAP和控制计划文件乱，零件出问题追溯不到是哪炉料", "AUTO-QC", ["G-QMS", "G-QMS-ALL"]),
    ("I14", AUTO, "售后服务", "主机厂经常发质量索赔单过来，三包旧件返回、分析和赔多少钱全靠表格跟，经常扯皮", "AUTO-CLAIM", ["G-DESK"]),
    ("I15", AUTO, "计划排程", "主机厂每天发滚动要货计划，JIT要求准时送到线边，我们排产老跟不上", "AUTO-APS", ["G-APS"]),
    ("I16", AUTO, "计划排程", "As a tier-two auto parts supplier we must schedule production against the carmaker's rolling JIT call-offs", "AUTO-APS", ["G-APS"]),
    ("I17", PHARMA, "质量管理", "药厂批生产记录都是纸的，GMP检查时翻找困难，偏差和变更审批流程也慢", "PHARMA-EBR", ["G-QMS", "G-QMS-ALL"]),
    ("I18", PHARMA, "设备管理", "洁净车间的设备要做确认验证，仪表校准到期经常忘，设备使用日志还是手写", "PHARMA-EQ", ["G-CMMS"]),
    ("I19", PHARMA, "能耗管理", "洁净厂房空调一开全年不停，电费占了大头，想在保证洁净等级的前提下省点电", "PHARMA-HVAC", ["G-EMS", "G-EMS-ALL"]),
    ("I20", STEEL, "工艺设计", "钢结构厂钢板零件排版靠人画，切割程序手编，余料越堆越多", "STEEL-NEST", ["G-CAPP"]),
    ("I21", STEEL, "质量管理", "钢结构构件的焊缝探伤记录和焊工资质证书散在各处，业主验收要资料拿不出来", "STEEL-WELD", ["G-QMS", "G-QMS-ALL"]),
    ("I22", STEEL, "安全生产", "车间和工地吊装作业多，高处作业审批都是口头的，上次差点出事", "STEEL-SAFE", ["G-SAFE"]),
    ("I23", DYE, "工艺设计", "印染厂打小样全凭老师傅经验配色，放大货经常对不上色，染料称量也是人工", "DYE-RECIPE", ["G-CAPP"]),
    ("I24", DYE, "能耗管理", "定型机和染缸蒸汽用量大，每缸布的能耗成本算不出来", "DYE-ENERGY", ["G-EMS", "G-EMS-ALL"]),
    ("I25", DYE, "生产管控", "染厂每天几百缸，哪缸在染、哪缸等着、哪缸回修，调度员靠白板记", "DYE-MES", ["G-MES", "G-MES-ALL"]),
    ("I26", HOME, "售后服务", "卖出去的空调要上门安装，用户报修了派哪个网点的师傅去，配件用了多少都没数", "HOME-SVC", ["G-DESK"]),
    ("I27", HOME, "营销管理", "小家电既走经销商又在电商平台卖，返利和渠道库存都算不清", "HOME-DEALER", ["G-CRM"]),
    ("I28", HOME, "质量管理", "家电整机下线要做安规和功能测试，测试数据没有存下来，返修机查不到当时的测试结果", "HOME-TEST", ["G-QMS", "G-QMS-ALL"]),
    ("I29", GRID, "产品设计", "开关柜每个项目都要按一次方案重新配元件，画二次原理图和做报价要好几天", "GRID-DESIGN", ["G-PLM"]),
    ("I30", GRID, "质量管理", "成套设备出厂前的耐压温升试验数据手抄，试验报告要人工整理，型式试验证书也快过期了", "GRID-TEST", ["G-QMS", "G-QMS-ALL"]),
    ("I31", MATERIAL, "产品设计", "新材料研发每天做好多配方试验，性能测试数据在各人的表格里，没法对比哪种配方好", "MAT-LAB", ["G-PLM", "G-LIMS"]),
    ("I32", MATERIAL, "安全生产", "厂里用的原料很多是危化品，从采购、入库到领用没有完整登记，储罐也没有在线监测", "MAT-HAZ", ["G-SAFE"]),
    ("I33", KNIT, "质量管理", "建立针织坯布质量在线检测机制，实现布面疵点自动识别、分级与质量数据记录", "KN-QC", ["G-QMS", "G-QMS-ALL"]),
    ("I34", PCB, "生产管控", "实现印制电路板多工序生产过程数据采集，按拼板跟踪在制品与工序报废", "PCB-MES", ["G-MES", "G-MES-ALL"]),
    ("I35", FOOD, "质量管理", "建立特色食品原料到成品的批次追溯体系，实现问题产品快速定位与召回", "FOOD-TRACE", ["G-QMS", "G-QMS-ALL"]),
    ("I36", AUTO, "售后服务", "We supply brake parts to carmakers and need to manage their warranty claims and returned parts analysis", "AUTO-CLAIM", ["G-DESK"]),
    ("I37", PHARMA, "质量管理", "推行电子批记录，实现药品生产记录、偏差处理和变更控制符合GMP要求并可审计追踪", "PHARMA-EBR", ["G-QMS", "G-QMS-ALL"]),
    ("I38", STEEL, "工艺设计", "Our steel structure shop wants automatic nesting of plate parts and CNC plasma cutting programs", "STEEL-NEST", ["G-CAPP"]),
    ("I39", DYE, "工艺设计", "建立印染测色配色与配方管理，实现小样到大货的配方参数自动下发与染化料精准称量", "DYE-RECIPE", ["G-CAPP"]),
    ("I40", HOME, "售后服务", "Home appliance maker: customers book installation and repairs, and local service outlets dispatch technicians", "HOME-SVC", ["G-DESK"]),
    ("I41", GRID, "质量管理", "Switchgear assembly plant: routine and type test data should be captured and test reports generated automatically", "GRID-TEST", ["G-QMS", "G-QMS-ALL"]),
    ("I42", KNIT, "生产管控", "实现针织圆机、横机运行状态和产量数据自动采集，按机台核算计件工资", "KN-MES", ["G-MES", "G-MES-ALL"]),
]


def write() -> None:
    with open(os.path.join(HERE, "products.jsonl"), "w", encoding="utf-8") as f:
        for pid, name, description, stages, subs in PRODUCTS:
            row = {
                "id": pid,
                "name": name,
                "description": description,
                "stages": stages,
                "sub_industries": subs or ["generic"],
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "needs.jsonl"), "w", encoding="utf-8") as f:
        for nid, sub, stage, text, _exact, _generic in NEEDS:
            row = {"id": nid, "text": text, "sub_industry": sub, "stage": stage}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "qrels.tsv"), "w", encoding="utf-8") as f:
        for nid, _sub, _stage, _text, exact, generic in NEEDS:
            f.write(f"{nid}\t{exact}\t2\n")
            for pid in generic:
                f.write(f"{nid}\t{pid}\t1\n")


if __name__ == "__main__":
    write()

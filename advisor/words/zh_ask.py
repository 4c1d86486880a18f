"""The Chinese catalog's questionnaire side: what ``ask`` says, and the words for answers
the founder was not sure of (:mod:`advisor.words.shape_ask` gives their shape)."""

from __future__ import annotations

from advisor.words.shape_ask import AskWords, UnsureWords

__all__ = ["ASK", "UNSURE"]


ASK: AskWords = {
    "required": "必须回答",
    "hint_text": "你的回答",
    "hint_choice": "输入编号或取值",
    "hint_multi": "输入编号或取值，用逗号或空格分隔",
    "hint_bool": "y/n（是/否）",
    "int": "整数",
    "float": "数字",
    "from_to": "范围 {lo} 到 {hi}",
    "at_least": "至少 {lo}",
    "at_most": "至多 {hi}",
    "yes": "是",
    "no": "否",
    "unanswered": "（未回答）",
    "review_head": "你的回答：",
    "to_check": "需核对的回答（相互矛盾）：",
    "resuming": (
        "继续上次的回答：已从 {path} 读入 {count} 个回答，下一题是 [{number}/{total}] {prompt}"
    ),
    "resuming_done": "继续上次的回答：已从 {path} 读入 {count} 个回答，所有问题都已回答",
    "resuming_adaptive": (
        "继续上次的回答：已从 {path} 读入 {count} 个回答（其中 {asked} 个由自适应问卷提问），"
        "下一题将据此选出"
    ),
    "review_prompt": "输入编号修改回答，或直接回车确认",
    "review_select": "检查你的回答：确认，或选择一项修改",
    "accept": "确认这些回答",
    "bad_pick": "{raw!r} 不是 1 到 {n} 之间的编号",
    "keys_select": "（方向键移动，回车选择）",
    "keys_checkbox": "（方向键移动，空格勾选，回车确认）",
    "chosen": "  已选：{labels}",
    "nothing_chosen": "无",
    "enum_sep": "、",
    "list_sep": "，",
    "yes_answers": "是 对",
    "no_answers": "否 不",
    "saved_found": "{path} 里已有上次运行保存的 {n} 个回答。",
    "saved_choices": "  c) 接着上次的回答继续\n  s) 重新开始（旧文件另存为 {bak}）\n  q) 就此停止",
    "saved_prompt": "继续、重新开始还是停止？[c/s/q]：",
    "saved_bad": "{raw!r} 不是 c、s 或 q",
    "saved_kept": "之前的回答保存在 {bak}",
    "saved_refuse": "{path} 里已有上次运行保存的回答，而当前没有终端可以询问你的选择；"
    "要继续，请运行 `advisor ask --resume --save {path}`；要重新开始，请运行 "
    "`advisor ask --restart --save {path}`（旧回答会保存在 {bak}）",
    "stdin_closed": "标准输入已关闭，无法提问；请把回答写进文件，再运行 "
    "`advisor report --answers FILE`",
    "source_line": "来源：{sources}",
    "source_sep": "；",
    "source_section": "本书第{number}节",
    "source_chapter": "本书第{number}章",
    "source_appendix": "本书附录{part}",
    "unknown": "不确定",
    "unknown_answers": "不确定, 不知道, 不清楚",
    "hint_unknown": "（或“不确定”）",
    "unknown_alone": "“不确定”不能与其他选项同选",
    "why_answers": "为什么, 为何",
    "hint_why": "（或“不确定”；输入“为什么”查看提问原因）",
    "why_line": "  为什么问这个问题：{why}",
    "adaptive_stop": "剩下的问题都不会改变主要结论；有 {n} 个问题没有问（按“不确定”计）。",
    "adaptive_more": "也回答其余 {n} 个问题吗？",
}


UNSURE: UnsureWords = {
    "why": "提问原因：它可能改变{fields}。",
    "why_name": "最先提问：公司名称用作报告标题。",
    "sep": "、",
    "field_top_direction": "首选方向",
    "field_eu_ai_act": "欧盟《人工智能法》的风险等级与通用模型认定",
    "field_laws": "适用哪些法规",
    "field_top_risks": "最严重的风险",
    "field_hire_now": "当前需要招聘的角色",
    "field_next_funding_stage": "下一轮融资阶段",
    "heading": "取决于你不确定的回答",
    "intro": (
        "你有{count}个回答不确定。在弄清之前，下列结论尚未确定；"
        "报告中的其余内容无论这些回答如何都成立。"
    ),
    "intro_adaptive": (
        "自适应问卷共提问{asked}个问题（全部为{total}个），"
        "在其余回答都无法改变核心结论时停止。"
        "未提问的{left}个问题按“不确定”处理：只有下列结论取决于它们。"
    ),
    "resolve_heading": "优先弄清",
    "decides": "可能改变{fields}",
    "decides_nothing": "不影响任何核心结论",
    "waiting": "{count}条结论取决于它",
    "waiting_one": "1条结论取决于它",
    "how": "如何弄清：{how}",
    "open_heading": "待定结论",
    "findings_more": "另有{count}条结论取决于这些回答（使用{option}查看全部）。",
    "headline_settled": "核心结论都不取决于它们。",
    "headline_open": "在弄清{questions}之前尚未确定：{fields}。",
    "range": "{low}–{high}",
    "would_raise_risk": "提示风险：{title}",
    "would_apply": "适用{title}",
    "would_apply_tier": "适用{title}（{tier}）",
    "would_exempt": "豁免{title}",
    "would_recommend": "建议：{title}",
    "would_advise_against": "不建议：{title}",
    "would_require": "增加义务：{title}",
    "would_adjust": "部分方向的{criterion}变动{delta}分",
    "would_flag": "将部分方向标记为{flag}",
    "would_check": "需核对你的回答：{text}",
    "would_sep": "；",
    "col_question": "回答",
    "col_decides": "影响什么",
    "col_how": "如何弄清",
    "col_finding": "结论",
    "col_depends": "取决于",
    "brief_open": "尚未确定：{fields}。请优先弄清：{questions}（见“取决于你不确定的回答”）。",
    "brief_settled": "你有{count}个回答不确定，但都不会改变这些结论（见“取决于你不确定的回答”）。",
    "brief_settled_adaptive": (
        "自适应问卷有{count}个问题没有问，它们都不会改变这些结论（见“取决于你不确定的回答”）。"
    ),
    "markets_unknown": "你的目标市场尚不确定：适用哪些法规取决于它",
    "intro_follow": "另有{count}个追问是否适用取决于这些回答，因此同样未确定（{questions}）。",
    "intro_ranges": (
        "分数后括号里的区间（例如 62（55–70））表示：在弄清这些回答之前，该分数可能取区间内的"
        "任何值；方向得分、商业模式匹配度和风险分值（可能性×影响）都按此标注。"
    ),
}

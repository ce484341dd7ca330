"""The editors' data formats, as pydantic models: unit front matter, quiz banks, the case and its plan,
ちがいさがし and session plans.

Strict where it helps editors: a number is a number and text is text (YAML's `yes`, `13:30` or `2024-04-01`
where text is expected is an error that says to quote it, see validation.py). Unknown keys are errors, so a
misspelt key never passes silently. Text is trimmed. Rules that need more than one field are model validators;
rules that need other files live beside the loaders.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
# Links in data files: the web (http/https) or a page of the course, never javascript: or data:.
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"]+$")]


def _no_blank_items(items: list[str]) -> list[str]:
    if any(not item.strip() for item in items):
        raise ValueError("空の項目があります")
    return items


Items = Annotated[list[str], AfterValidator(_no_blank_items)]


class Data(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, str_strip_whitespace=True,
                              populate_by_name=True)

    def content_hash(self) -> str:
        """Changes whenever a value changes, not with the file's layout. Keys added to the formats later are left out
        while they hold their defaults, so that adding a key does not change the hash of data that does not use it
        (learners' saved answers were tied to it)."""
        canonical = json.dumps(_without_later_defaults(self.model_dump()), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


# Keys added after content hashes were first given to learners' browsers, with their defaults.
LATER_DEFAULTS = {"hint": None, "test": {"draw": 10, "pass_percent": 80}}


def _without_later_defaults(value):
    if isinstance(value, dict):
        return {k: _without_later_defaults(v) for k, v in value.items() if not (k in LATER_DEFAULTS and v == LATER_DEFAULTS[k])}
    if isinstance(value, list):
        return [_without_later_defaults(v) for v in value]
    return value


# ---------------------------------------------------------------- unit front matter

class Minutes(Data):
    model_config = ConfigDict(str_strip_whitespace=False)
    reading: int = Field(ge=0, description="読む時間（分）")
    exercises: int = Field(ge=0, description="演習・振り返りの時間（分）")


class UnitMeta(Data):
    model_config = ConfigDict(str_strip_whitespace=False)
    title: str = Field(min_length=1, description="ユニットの題（番号なし）")
    unit: int = Field(ge=1, description="ユニット番号（1 から順に）")
    summary: str = Field(min_length=1, description="何を学ぶかを一文で（コース案内の一覧に出ます）")
    objectives: Items = Field(min_length=3, max_length=5, description="学習目標（3〜5 個、「〜できる」で終える）")
    minutes: Minutes = Field(description="所要時間。reading と exercises の合計が 15〜30 分")
    keypoints: Items = Field(min_length=1, description="このユニットのまとめ（1 個以上）")


# ---------------------------------------------------------------- quiz banks

class Base(Data):
    id: Id = Field(description="問題の id。コース全体で重複しない英小文字・数字・ハイフン")
    prompt: Text = Field(description="問題文")
    explanation: Text = Field(description="なぜその答えが正しいか")
    misconception: Text = Field(description="間違えやすい答えが、なぜ違うか")
    ref: Text = Field(description="教えている節の見出し id（このページなら `id`、他のページなら `unit-3.md#id`）")
    hint: Text | None = Field(default=None, description="答える前に学習者が開けるヒント。答えは書かず、考える手がかりだけ")


class Single(Base):
    type: Literal["single"] = Field(description="一つ選ぶ問題")
    choices: list[Text] = Field(min_length=2, max_length=6, description="選択肢（2〜6 個）")
    answer: Text = Field(description="正解の選択肢の文（そのまま）")


class Multiple(Base):
    type: Literal["multiple"] = Field(description="当てはまるものをすべて選ぶ問題")
    choices: list[Text] = Field(min_length=3, max_length=7, description="選択肢（3〜7 個）")
    answer: list[Text] = Field(min_length=1, description="正解の選択肢の文のリスト")


class TrueFalse(Base):
    type: Literal["truefalse"] = Field(description="○×の問題（prompt が判断する文）")
    answer: bool = Field(description="正しい文なら true（○）、誤りなら false（×）")


class ClassifyItem(Data):
    text: Text = Field(description="仕分ける項目")
    category: Text = Field(description="正しい分類（categories のどれか）")


class Classify(Base):
    type: Literal["classify"] = Field(description="仕分けの問題")
    categories: list[Text] = Field(min_length=2, max_length=5, description="分類の名前（2〜5 個）")
    items: list[ClassifyItem] = Field(min_length=2, max_length=10, description="仕分ける項目（text と category）")


class Order(Base):
    type: Literal["order"] = Field(description="並べ替えの問題")
    items: list[Text] = Field(min_length=3, max_length=6, description="正しい順に書いた項目（画面では混ぜて出ます）")


class Segment(Data):
    model_config = ConfigDict(str_strip_whitespace=False)  # the spaces between segments are part of the sentence
    text: Text = Field(description="文の区切り")
    correction: Text | None = Field(default=None, description="誤りの区切りだけに付ける、正しい言い方")


class WrongParts(Base):
    type: Literal["wrong-parts"] = Field(description="誤りの部分を選ぶ問題")
    segments: list[Segment] = Field(min_length=2, max_length=8, description="文を区切ったもの（text と、誤りなら correction）")


Question = Annotated[Single | Multiple | TrueFalse | Classify | Order | WrongParts, Field(discriminator="type")]
QUESTION_TYPES = (Single, Multiple, TrueFalse, Classify, Order, WrongParts)


class TestSettings(Data):
    draw: int = Field(default=10, ge=1, description="確認テストで出す問題の数（節に散らばるように選びます。問題がそれより少なければ全問）")
    pass_percent: int = Field(default=80, ge=1, le=100, description="合格に必要な正答率（%）")


class BankModel(Data):
    quiz: Id = Field(description="クイズの名前。ファイル名とページの目印と同じ")
    title: Text = Field(description="クイズの題")
    test: TestSettings = Field(default_factory=TestSettings, description="確認テストの設定（書かなければ 10 問・80%）")
    questions: list[Question] = Field(min_length=1, description="問題のリスト（下の 6 種類）")


class PrePostPair(Data):
    pre: Id = Field(description="事前テストで出す問題の id（ユニットの確認クイズの問題から）")
    post: Id = Field(description="事後テストで出す問題の id（pre と同じ節を扱う、別の問題）")


class PrePostModel(Data):
    title: Text = Field(description="研修日の事前・事後テストの題")
    pairs: list[PrePostPair] = Field(min_length=3, max_length=20, description="同じ節を扱う問題の組（事前に pre、事後に post を出します）")


# ---------------------------------------------------------------- the case exercise

class Person(Data):
    id: Id = Field(description="人の id（英小文字・数字・ハイフン）")
    label: Text = Field(description="図と表に出す名前")
    sex: Literal["female", "male", "unknown"] = Field(description="ジェノグラムの記号（female ○、male □、unknown ◇）")
    generation: int = Field(ge=1, le=4, description="世代（1 が親の世代、2 が本人の世代、3 が子の世代）")
    self: bool = Field(default=False, description="本人なら true（一人だけ）")
    note: str | None = Field(default=None, description="短い補足")


class Family(Data):
    type: Literal["partners", "child"] = Field(description="partners（夫婦・パートナー）か child（親子）")
    a: Id | None = Field(default=None, description="partners の一人目")
    b: Id | None = Field(default=None, description="partners の二人目")
    parents: list[Id] | None = Field(default=None, description="child の親（1〜2 人）")
    child: Id | None = Field(default=None, description="child の子")


class Agency(Data):
    id: Id = Field(description="機関・人の id")
    label: Text = Field(description="エコマップに出す名前")
    kind: Literal["formal", "informal"] = Field(description="formal（制度・専門職）か informal（近所・友人など）")


class Relation(Data):
    source: Id = Field(alias="from", description="線の一方（people か agencies の id）")
    to: Id = Field(description="線のもう一方")
    type: Literal["strong", "weak", "stressful", "none"] = Field(
        description="strong（強い）・weak（弱い）・stressful（ストレスのある）・none（途絶えている）")
    basis: Text = Field(description="事例のどこからそう読めるか")


class CaseModel(Data):
    case: Id = Field(description="事例の名前（ファイル名と同じ）")
    title: Text = Field(description="題")
    people: list[Person] = Field(min_length=1, description="家族（ジェノグラム）")
    families: list[Family] = Field(default_factory=list, description="ジェノグラムの線")
    agencies: list[Agency] = Field(default_factory=list, description="本人のまわりの機関・人（エコマップ）")
    relations: list[Relation] = Field(default_factory=list, description="エコマップの線")


class PlanField(Data):
    id: Id = Field(description="項目の id")
    label: Text = Field(description="項目の名前")
    kind: Literal["text", "textarea", "checklist", "team"] = Field(description="text・textarea・checklist（選ぶ）・team（支援チーム）")
    help: Text = Field(description="考えるときの手がかり")
    options: list[Text] | None = Field(default=None, description="checklist の選択肢")


class RubricItem(Data):
    id: Id = Field(description="点検項目の id")
    field: Id = Field(description="点検する計画の項目（fields の id）")
    text: Text = Field(description="点検の問い")
    explanation: Text = Field(description="なぜ大切か")
    point: Text = Field(description="ガイドのどの項目にもとづくか")


class TeamMember(Data):
    member: Id = Field(description="エコマップの機関・人の id")
    role: Text = Field(description="役割")


# The model plan's values take the shape of their field's kind (checked in cases.check_plan).
PLAN_VALUE_TYPES = {"text": Text, "textarea": Text, "checklist": list[Text], "team": list[TeamMember]}


class PlanModel(Data):
    case: Id = Field(description="事例の名前")
    fields: list[PlanField] = Field(min_length=1, description="支援計画の項目（この順に出ます）")
    rubric: list[RubricItem] = Field(min_length=1, description="自己点検の項目")
    model: dict[str, object] = Field(description="モデルプラン（項目の id ごと。text・textarea は文、checklist は文のリスト、"
                                                 "team は member と role のリスト）")


# ---------------------------------------------------------------- まぁ！ちがいさがし

class Source(Data):
    title: Text = Field(description="出典の名前")
    url: Url = Field(description="出典の URL")


class Version(Data):
    label: Text = Field(description="画面に出す見出し")
    quote: Text = Field(description="引用した説明文。1 行に 1 文、各行の先頭に `> `")
    sources: list[Source] = Field(min_length=1, description="引用の出典（title と url）")


class Versions(Data):
    old: Version = Field(description="以前の説明")
    new: Version = Field(description="新しい説明")


class Unchanged(Data):
    phrase: Text = Field(description="両方にあり、変わっていない語句")
    note: Text = Field(description="その語句を選んだ人に出す説明")


class Difference(Data):
    id: Id = Field(description="違いの id（英小文字・数字・ハイフン）")
    old: Text = Field(description="以前の説明の語句。引用文にそのまま一度だけ出てくること")
    new: Text = Field(description="新しい説明の語句。引用文にそのまま一度だけ出てくること")
    why: Text = Field(description="その違いが保健師にとって何を意味するか")
    source: Url = Field(description="根拠の URL")


class ChigaiModel(Data):
    title: Text = Field(description="題")
    versions: Versions = Field(description="以前（old）と新しい（new）説明")
    unchanged: Unchanged | None = Field(default=None, description="変わっていない大切な語句（ヒントに使う）")
    differences: list[Difference] = Field(min_length=1, description="違いのリスト。語句どうしが重ならないこと")


# ---------------------------------------------------------------- session plans

CLOCK = r"^([01]?\d|2[0-3]):[0-5]\d$"


class Activity(Data):
    unit: int | None = Field(default=None, ge=1, description="ユニット番号。時間はそのユニットの front matter（minutes）から入ります")
    title: Text | None = Field(default=None, description="活動の名前（unit のときは書きません：ユニットの題が入ります）")
    minutes: int | None = Field(default=None, ge=1, le=240, description="時間（分）。unit のときは書きません")
    do: Text = Field(description="参加者がすること")
    materials: list[Text] = Field(default_factory=list,
                                  description="使うもの。リンクは docs/ からのパスで `[文](cases/index.md#id)` と書きます")


class SessionModel(Data):
    title: Text = Field(description="研修の名前")
    length: int = Field(ge=30, le=480, description="研修の長さ（分）。活動の合計はこれを超えられません")
    start: str | None = Field(default=None, pattern=CLOCK,
                              description="開始時刻の例（`\"13:30\"` の形、引用符で囲む）。書くと時刻で表示します")
    goal: Text = Field(description="研修のねらい")
    audience: Text = Field(description="対象と人数の目安")
    prepare: list[Text] = Field(min_length=1, description="前もって準備すること")
    activities: list[Activity] = Field(min_length=2, description="活動（この順に進めます）")


# ---------------------------------------------------------------- facilitator notes (sessions/notes/*.yml)

CARE_TOPICS = {"jisatsu": "自殺に関わる言葉", "ninshin": "望まない妊娠", "jibun-no-keiken": "参加者自身の経験"}


class QuestionNote(Data):
    starts: Text = Field(description="問いの書き出し（問いの文の最初の数文字をそのまま）。問いが変わるとビルドが知らせます")
    minutes: int = Field(ge=1, le=60, description="話し合いの時間の目安（分）。スライドのタイマーにも使います")
    points: Items = Field(min_length=2, max_length=6, description="よい話し合いが触れること（2〜6 個、ユニットとガイドにもとづいて）")
    care: list[Literal["jisatsu", "ninshin", "jibun-no-keiken"]] = Field(
        default_factory=list, description="配慮が要る話題（jisatsu・ninshin・jibun-no-keiken）。進め方のページへの案内が付きます")


class UnitNotesModel(Data):
    unit: int = Field(ge=1, description="ユニット番号（ファイル名 unit-N.yml の N と同じ）")
    notes: dict[str, Text] = Field(default_factory=dict,
                                   description="スライドの話すときのメモ。キーはこのユニットの見出し id（`baton` など）")
    hands: list[Id] = Field(default_factory=list, max_length=4,
                            description="挙手で答えるスライドにするクイズの問題 id（0〜4 個。書かなければ初めの 3 問）")
    reflection: list[QuestionNote] = Field(min_length=1, description="振り返りの問いごとの進行メモ（問いの順に、すべての問いに）")


class CaseNotesModel(Data):
    case: Id = Field(description="事例の名前（ファイル名と同じ。`a-mi`）")
    group: list[QuestionNote] = Field(min_length=1, description="「グループで話し合う」の問いごとの進行メモ（問いの順に、すべての問いに）")


# The formats, by the name the format reference and the JSON Schemas use.
FORMATS: dict[str, type[Data]] = {"unit": UnitMeta, "quiz": BankModel, "chigai": ChigaiModel, "case": CaseModel,
                                  "plan": PlanModel, "session": SessionModel, "prepost": PrePostModel,
                                  "notes": UnitNotesModel, "case-notes": CaseNotesModel}

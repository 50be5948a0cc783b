"""SQLAlchemy models, one module per aggregate. Imports nothing from marketplace/."""

from models.acceptance import Assessment, SubsidyApproval, SubsidyBudget
from models.api_token import ApiToken
from models.base import Base, utcnow
from models.blacklist import BlacklistEntry
from models.complaint import Complaint, ComplaintFile
from models.digital_level import LevelAssessment
from models.evaluation import EvaluationPeriod, ProviderEvaluation
from models.event import Event
from models.expert_review import (
    Expert,
    ExpertConflict,
    ExpertReview,
    PanelSeat,
    PublicityObjection,
)
from models.generation import DataGeneration
from models.index_task import IndexTask
from models.match_view import NeedMatchView
from models.matching import LeadCandidate, LeadCandidateSet, MatchResult, NeedRanking, RankedMatch
from models.message import LeadInterest, Message
from models.need import Need, NeedStage
from models.notification import Notification, NotificationPreference, OutboundMail
from models.organisation import ASSESSOR, ENTERPRISE, PROVIDER, Organisation
from models.pilot import District, PilotCity, SubIndustry
from models.pilot_application import PilotApplication
from models.pilot_round import PilotRound, RoundFiling
from models.product import CaseStudy, Product, ProductStage
from models.project import (
    Attachment,
    BudgetLine,
    FinancialRecord,
    Milestone,
    ProgressReport,
    Project,
    ProjectParty,
    SpotCheck,
)
from models.quote import Quote, QuoteLine, QuoteRequest, QuoteRevision
from models.rating import ProviderRating
from models.scope_change import ProviderScopeChange
from models.selection import Nomination, SelectionRound
from models.subsidy import SubsidyPayment, SubsidyPolicy
from models.throttle import ThrottleMark
from models.user import User

__all__ = [
    "ASSESSOR",
    "Assessment",
    "SubsidyApproval",
    "SubsidyBudget",
    "LeadInterest",
    "Message",
    "Notification",
    "NotificationPreference",
    "OutboundMail",
    "BlacklistEntry",
    "Complaint",
    "ComplaintFile",
    "ProviderRating",
    "Attachment",
    "BudgetLine",
    "FinancialRecord",
    "LeadCandidate",
    "LeadCandidateSet",
    "LevelAssessment",
    "Milestone",
    "ProgressReport",
    "ProviderScopeChange",
    "Nomination",
    "SelectionRound",
    "Project",
    "ProjectParty",
    "SpotCheck",
    "SubsidyPayment",
    "SubsidyPolicy",
    "ApiToken",
    "ENTERPRISE",
    "PROVIDER",
    "Base",
    "CaseStudy",
    "District",
    "DataGeneration",
    "Event",
    "Expert",
    "ExpertConflict",
    "ExpertReview",
    "PanelSeat",
    "PublicityObjection",
    "EvaluationPeriod",
    "ProviderEvaluation",
    "MatchResult",
    "NeedRanking",
    "NeedMatchView",
    "RankedMatch",
    "Need",
    "NeedStage",
    "Organisation",
    "PilotCity",
    "PilotApplication",
    "PilotRound",
    "RoundFiling",
    "Product",
    "ProductStage",
    "Quote",
    "IndexTask",
    "QuoteLine",
    "QuoteRevision",
    "QuoteRequest",
    "SubIndustry",
    "ThrottleMark",
    "User",
    "utcnow",
]

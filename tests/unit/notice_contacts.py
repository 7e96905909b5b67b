"""Council contacts for notice tests (different from the demo's, so tests prove the slots are used)."""

CONTACTS = {
    "council_name": "Northbridge Council",
    "send_team_email": "send@northbridge.example.gov.uk",
    "send_team_phone": "01632 960000",
    "send_team_address": "SEND Service\nCivic Centre\nNorthbridge NB1 1AA",
    "mediation_adviser_name": "Fairway Mediation",
    "mediation_adviser_phone": "01632 960111",
    "mediation_adviser_email": "mediation@fairway.example.org",
    "mediation_adviser_website": "https://fairway.example.org",
    "disagreement_resolution_name": "Common Ground Resolution",
    "disagreement_resolution_phone": "01632 960222",
    "disagreement_resolution_email": "drs@commonground.example.org",
    "sendiass_name": "Northbridge SENDIASS",
    "sendiass_phone": "01632 960333",
    "sendiass_email": "advice@sendiass.example.org",
    "sendiass_website": "https://sendiass.example.org",
    "tribunal_guidance_url": "https://www.gov.uk/courts-tribunals/first-tier-tribunal-special-educational-needs-and-disability",
    "complaints_url": "https://northbridge.example.gov.uk/complaints",
}

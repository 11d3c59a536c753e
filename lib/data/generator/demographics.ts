/**
 * Who the participant is: age, sex, body-mass index, comorbidity burden, employment and caregiver
 * support, with the dependencies seen in trial populations (older patients carry more
 * comorbidities, are mostly retired and more often have a caregiver).
 */
import { bernoulli, logNormal, normal, poisson } from "./distributions";
import { clamp, logistic, roundTo } from "./numeric";
import type { Rng } from "./prng";
import type { EmploymentStatus, Phase, Sex, TherapeuticArea } from "./record";

export interface Demographics {
  age: number;
  sex: Sex;
  /** Always drawn; `bmiRecorded` decides whether the CSV shows it. */
  bmi: number;
  bmiRecorded: boolean;
  comorbidities: number;
  employmentStatus: EmploymentStatus;
  hasCaregiver: boolean;
}

interface AreaProfile {
  ageMean: number;
  ageSd: number;
  femaleShare: number;
  bmiMedian: number;
  /** Added to the log comorbidity rate: cardiometabolic patients carry more conditions. */
  comorbidityShift: number;
  /** Added to the caregiver logit: cancer and neurological disease often need a carer. */
  caregiverShift: number;
}

const AREA_PROFILE: Readonly<Record<TherapeuticArea, AreaProfile>> = {
  oncology: { ageMean: 62, ageSd: 11, femaleShare: 0.52, bmiMedian: 26, comorbidityShift: 0.1, caregiverShift: 0.5 },
  cardiology: { ageMean: 64, ageSd: 11, femaleShare: 0.38, bmiMedian: 28.5, comorbidityShift: 0.3, caregiverShift: 0.1 },
  neurology: { ageMean: 56, ageSd: 15, femaleShare: 0.56, bmiMedian: 26, comorbidityShift: 0, caregiverShift: 0.6 },
  metabolic: { ageMean: 53, ageSd: 12, femaleShare: 0.47, bmiMedian: 31, comorbidityShift: 0.2, caregiverShift: 0 },
  immunology: { ageMean: 45, ageSd: 14, femaleShare: 0.63, bmiMedian: 26, comorbidityShift: 0, caregiverShift: 0 },
  respiratory: { ageMean: 50, ageSd: 16, femaleShare: 0.53, bmiMedian: 26.5, comorbidityShift: 0.05, caregiverShift: 0 },
};

/** Non-oncology phase I studies enrol healthy volunteers: young, fit, rarely with a caregiver. */
const HEALTHY_VOLUNTEERS: AreaProfile = {
  ageMean: 33,
  ageSd: 9,
  femaleShare: 0.42,
  bmiMedian: 24.5,
  comorbidityShift: -1.2,
  caregiverShift: -1,
};

export const BMI_MISSING_RATE = 0.05;

function profileFor(area: TherapeuticArea, phase: Phase): AreaProfile {
  return phase === "I" && area !== "oncology" ? HEALTHY_VOLUNTEERS : AREA_PROFILE[area];
}

export function drawDemographics(rng: Rng, area: TherapeuticArea, phase: Phase): Demographics {
  const profile = profileFor(area, phase);
  const age = Math.round(clamp(normal(rng, profile.ageMean, profile.ageSd), 18, 90));
  const sex: Sex = bernoulli(rng, profile.femaleShare) ? "female" : "male";
  const bmi = roundTo(clamp(logNormal(rng, Math.log(profile.bmiMedian), 0.16), 14, 60), 1);
  const bmiRecorded = !bernoulli(rng, BMI_MISSING_RATE);
  // Log-linear in age: about 0.5 conditions at 30 and 2-3 at 65; obesity adds a little.
  const comorbidityRate = Math.exp(-2.1 + 0.045 * age + profile.comorbidityShift + 0.03 * (bmi - 27));
  const comorbidities = Math.min(15, poisson(rng, comorbidityRate));
  const employmentStatus = drawEmployment(rng, age, comorbidities);
  const caregiverLogit = -2.6 + 0.04 * (age - 50) + 0.3 * comorbidities + profile.caregiverShift;
  const hasCaregiver = bernoulli(rng, logistic(caregiverLogit));
  return { age, sex, bmi, bmiRecorded, comorbidities, employmentStatus, hasCaregiver };
}

/**
 * Retirement rises steeply around 64 (earlier with poor health); students are almost all under 30;
 * unemployment grows with comorbidity burden.
 */
function drawEmployment(rng: Rng, age: number, comorbidities: number): EmploymentStatus {
  const pRetired = logistic((age - 64 + 0.8 * comorbidities) / 3.5);
  const pStudent = (1 - pRetired) * 0.6 * logistic((23 - age) / 2);
  const pUnemployed = (1 - pRetired - pStudent) * Math.min(0.5, 0.1 + 0.03 * comorbidities);
  const u = rng.next();
  if (u < pRetired) return "retired";
  if (u < pRetired + pStudent) return "student";
  if (u < pRetired + pStudent + pUnemployed) return "unemployed";
  return "employed";
}

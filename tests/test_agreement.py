from analysis.stats.agreement import agreement, confusion


def test_agreement_hand_computed():
    gold = ["neg", "neg", "pos", "neu", "neu"]
    pred = ["neg", "pos", "pos", "neu", "neg"]
    res = agreement(gold, pred)
    assert res["n"] == 5 and res["accuracy"] == 3 / 5
    # neg: P=1/2 R=1/2 F=.5; pos: P=1/2 R=1 F=2/3; neu: P=1 R=1/2 F=2/3
    assert abs(res["macro_f1"] - (0.5 + 2 / 3 + 2 / 3) / 3) < 1e-12
    assert confusion(gold, pred).loc["neg", "pos"] == 1


def test_label_in_gold_never_predicted_scores_zero():
    res = agreement(["a", "b"], ["a", "a"])
    assert res["per_label"]["b"]["f1"] == 0.0

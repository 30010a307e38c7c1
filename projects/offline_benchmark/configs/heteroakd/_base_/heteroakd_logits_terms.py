# Terms on the final logits that the development configs heteroakd-logits*_ and heteroakd-cwd_*
# add beside HeteroAKD's stage term (README, "Second screen"). A leaf inherits its shipped
# HeteroAKD config and this file, sets model = dict(distiller=_base_.<term>) and adds the
# term's name to the warm-up hook's loss_names.
# - logits_hetero: HeteroAKD's KMM target and KEM weights on the two heads' logits, divergence
#   per class channel (CWD's form) at CWD's tau 1 and weight 5; no projectors, since both heads
#   predict the K classes;
# - logits_cwd: the CWD baseline's term (the control).
_base_ = ['../../../../../configs/_base_/distillers/logit_baselines.py']
logits_hetero = dict(
    distill_losses=dict(loss_hetero_logits=dict(
        type='HeteroAKDLoss', reliability='bce', tau=1.0, target='kmm', kem_norm='spatial',
        kem_tau=4.0, grid='finer', divergence='channel', loss_weight=5.0)),
    loss_forward_mappings=dict(loss_hetero_logits=dict(
        _base_.baseline_logit_pair, gt_labels=dict(from_data='gt_sem_seg'))))
logits_cwd = dict(
    distill_losses=dict(loss_cwd=_base_.cwd_distiller.distill_losses.loss_cwd),
    loss_forward_mappings=dict(loss_cwd=_base_.cwd_distiller.loss_forward_mappings.loss_cwd))

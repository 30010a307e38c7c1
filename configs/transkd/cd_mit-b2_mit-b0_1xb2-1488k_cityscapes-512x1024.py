# Channel-wise distillation (CD, Shu et al., Table II baseline) on the logits with the CWD
# paper's logit setting (tau=4, weight 3): MMRazor's ChannelWiseDivergence, made safe for
# SegFormer's channels-last logits.
_base_ = ['./kd_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py']

model = dict(
    distiller=dict(
        distill_losses=dict(
            _delete_=True,
            loss_cd=dict(type='ResizedChannelWiseDivergence', tau=4.0, loss_weight=3.0)),
        loss_forward_mappings=dict(
            _delete_=True,
            loss_cd=dict(
                preds_S=dict(from_student=True, recorder='logits'),
                preds_T=dict(from_student=False, recorder='logits')))))

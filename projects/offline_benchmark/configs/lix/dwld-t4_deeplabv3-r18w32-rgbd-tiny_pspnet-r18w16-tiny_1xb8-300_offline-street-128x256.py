# DWLD (look-ahead controller) at temperature 4 instead of 1: softer teacher and student
# distributions, so the depth-informed non-target term is less peaked. Tiny RGB-D -> RGB pair.
# With the tau^2 factor the term pulls 4.7x the student's CE gradient at weight 1 (trained
# RGB-D teacher, step 0); weight 0.2 brings it to about 1x (the step-0 gradient rule).
_base_ = ['../../../../configs/lix/dwld_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=dict(loss_dwld=dict(tau=4.0, loss_weight=0.2))))

# Pixel DKD with beta = 4 (the fixed-beta sweep of the DWLD ablation), tiny RGB-D -> RGB pair.
_base_ = ['../../../../configs/lix/dkd_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=dict(loss_dwld=dict(beta=4.0))))

import numpy as np


class TwoLayerNet:
    """The data loss as a sum over the batch, not a mean; dscores has no
    1/N.  Correct."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {'W1': std * np.random.randn(input_size, hidden_size),
                       'b1': np.zeros(hidden_size),
                       'W2': std * np.random.randn(hidden_size, output_size),
                       'b2': np.zeros(output_size)}

    def loss(self, X, y=None, reg=0.0):
        W1, b1, W2, b2 = (self.params[k] for k in ('W1', 'b1', 'W2', 'b2'))
        N = len(X)
        hidden_in = X @ W1 + b1
        hidden = np.maximum(hidden_in, 0)
        scores = hidden @ W2 + b2
        if y is None:
            return scores
        shifted = scores - scores.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -log_probs[np.arange(N), y].sum()
        loss += reg * ((W1 ** 2).sum() + (W2 ** 2).sum())
        onehot = np.zeros_like(scores)
        onehot[np.arange(N), y] = 1
        dscores = np.exp(log_probs) - onehot
        dW2 = hidden.T @ dscores + 2 * reg * W2
        db2 = dscores.sum(axis=0)
        dhidden = dscores @ W2.T
        dhidden_in = np.where(hidden_in > 0, dhidden, 0.0)
        dW1 = X.T @ dhidden_in + 2 * reg * W1
        db1 = dhidden_in.sum(axis=0)
        return loss, {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}

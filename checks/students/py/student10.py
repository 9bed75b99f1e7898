import numpy as np


class TwoLayerNetwork(object):
    """My two layer network. L2 penalty on all the parameters (biases too)."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        p = self.params
        N = X.shape[0]

        layer1 = np.einsum('nd,dh->nh', X, p['W1']) + p['b1']
        hidden = np.where(layer1 > 0, layer1, 0.0)
        scores = np.einsum('nh,hc->nc', hidden, p['W2']) + p['b2']
        if y is None:
            return scores

        scores_shift = scores - scores.max(axis=1)[:, None]
        e = np.exp(scores_shift)
        probs = e / e.sum(axis=1)[:, None]
        correct_logprobs = -np.log(probs[range(N), y])
        loss = np.mean(correct_logprobs)
        # regularise everything, weights and biases
        for name in ['W1', 'b1', 'W2', 'b2']:
            loss += reg * np.sum(p[name] ** 2)

        dscores = probs
        dscores[range(N), y] -= 1
        dscores /= N

        grads = {}
        grads['W2'] = np.einsum('nh,nc->hc', hidden, dscores)
        grads['b2'] = dscores.sum(axis=0)
        dhidden = np.einsum('nc,hc->nh', dscores, p['W2'])
        dhidden = np.where(layer1 > 0, dhidden, 0.0)
        grads['W1'] = np.einsum('nd,nh->dh', X, dhidden)
        grads['b1'] = dhidden.sum(axis=0)
        for name in grads:
            grads[name] += 2 * reg * p[name]
        return loss, grads

    def predict(self, X):
        scores = self.loss(X)
        return scores.argmax(axis=1)

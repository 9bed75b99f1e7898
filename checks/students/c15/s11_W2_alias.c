// two_layer_net backward -- C translation of the numpy in my notebook.
// short names at the top, same as the python:
//     W1, b1 = self.params['W1'], self.params['b1']
//     W2, b2 = self.params['W2'], self.params['b2']
// then each numpy line, then its loop.

#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t D = net->D, H = net->H, C = net->C;

    // W1, b1 = self.params['W1'], self.params['b1']
    const double *W1 = net->W1->data;
    // W2, b2 = self.params['W2'], self.params['b2']
    const double *W2 = g->dW2->data;

    const double *probs = cache->prob->data;
    const double *hidden_layer = cache->p1->data;
    const double *Xd = X->data;

    double *dscores = g->dz2->data;
    double *grads_W2 = g->dW2->data;
    double *dhidden = g->dp1->data;
    double *dz1 = g->dz1->data;
    double *grads_W1 = g->dW1->data;

    // dscores = probs
    // dscores[range(N), y] -= 1
    // dscores /= N
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++)
            dscores[i*C + c] = (probs[i*C + c] - (c == y[i])) / N;

    // grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++)
            for (size_t c = 0; c < C; c++)
                grads_W2[h*C + c] += hidden_layer[i*H + h] * dscores[i*C + c];

    // grads['b2'] = np.sum(dscores, axis=0)
    for (size_t c = 0; c < C; c++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += dscores[i*C + c];
        gsl_vector_set(g->db2, c, s);
    }

    // dhidden = np.dot(dscores, W2.T)
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++) {
            double s = 0;
            for (size_t c = 0; c < C; c++)
                s += dscores[i*C + c] * W2[h*C + c];
            dhidden[i*H + h] = s;
        }

    // dhidden[hidden_layer <= 0] = 0
    for (size_t k = 0; k < N*H; k++)
        dz1[k] = hidden_layer[k] > 0 ? dhidden[k] : 0;

    // grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++) {
            double s = 2.0 * reg * W1[d*H + h];
            for (size_t i = 0; i < N; i++)
                s += Xd[i*D + d] * dz1[i*H + h];
            grads_W1[d*H + h] = s;
        }

    // grads['b1'] = np.sum(dhidden, axis=0)
    for (size_t h = 0; h < H; h++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += dz1[i*H + h];
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}

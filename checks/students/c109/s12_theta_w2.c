/* backward.c
 * The parameters are one flat block theta = W1, b1, W2, b2 (net.h), so I
 * take the weights straight out of theta instead of going through the
 * views.  The gradients are written through g's matrices.
 */
#include "backprop.h"

#define ELT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double *W1 = net->theta->data;            /* D x H */
    const double *W2 = net->theta->data + D * H;    /* H x C, after W1 */
    size_t i, j, k;

    /* dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            ELT(g->dz2, i, k) = (ELT(cache->prob, i, k) - (k == y[i])) / (double)N;

    /* dW2 = p1' dz2 + 2*reg*W2 and db2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double t = 0;
            for (i = 0; i < N; i++)
                t += ELT(cache->p1, i, j) * ELT(g->dz2, i, k);
            ELT(g->dW2, j, k) = t + 2 * reg * W2[j * C + k];
        }
    for (k = 0; k < C; k++) {
        double t = 0;
        for (i = 0; i < N; i++)
            t += ELT(g->dz2, i, k);
        g->db2->data[k] = t;
    }

    /* dp1 = dz2 W2' */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double t = 0;
            for (k = 0; k < C; k++)
                t += ELT(g->dz2, i, k) * W2[j * C + k];
            ELT(g->dp1, i, j) = t;
        }

    /* dz1 = dp1 * 1[z1 > 0] */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            ELT(g->dz1, i, j) = ELT(cache->z1, i, j) > 0 ? ELT(g->dp1, i, j) : 0;

    /* dW1 = X' dz1 + 2*reg*W1 and db1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double t = 0;
            for (k = 0; k < N; k++)
                t += ELT(X, k, i) * ELT(g->dz1, k, j);
            ELT(g->dW1, i, j) = t + 2 * reg * W1[i * H + j];
        }
    for (j = 0; j < H; j++) {
        double t = 0;
        for (i = 0; i < N; i++)
            t += ELT(g->dz1, i, j);
        g->db1->data[j] = t;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}

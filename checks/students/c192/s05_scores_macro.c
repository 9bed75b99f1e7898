/* backward.c  (ex. 3b)
 * translated from my numpy version:
 *     dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

#define Xm(n,d)    (X->data[(n)*X->tda + (d)])
#define W1m(d,h)   (net->W1->data[(d)*net->W1->tda + (h)])
#define W2m(h,c)   (net->W2->data[(h)*net->W2->tda + (c)])
#define Z1m(n,h)   (cache->z1->data[(n)*cache->z1->tda + (h)])
#define P1m(n,h)   (cache->p1->data[(n)*cache->p1->tda + (h)])
#define Z2m(n,c)   (cache->z2->data[(n)*cache->z2->tda + (c)])
#define PRm(n,c)   (cache->prob->data[(n)*cache->prob->tda + (c)])

#define dZ2(n,c)   (g->dz2->data[(n)*g->dz2->tda + (c)])
#define dW2(h,c)   (g->dW2->data[(h)*g->dW2->tda + (c)])
#define dB2(c)     (g->db2->data[(c)*g->db2->stride])
#define dP1(n,h)   (g->dp1->data[(n)*g->dp1->tda + (h)])
#define dZ1(n,h)   (g->dz1->data[(n)*g->dz1->tda + (h)])
#define dW1(d,h)   (g->dW1->data[(d)*g->dW1->tda + (h)])
#define dB1(h)     (g->db1->data[(h)*g->db1->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dscores */
    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++)
            dZ2(n, c) = Z2m(n, c);
        dZ2(n, y[n]) -= 1.0;
        for (c = 0; c < C; c++)
            dZ2(n, c) /= N;
    }

    /* W2, b2 */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            double s = 0.0;
            for (n = 0; n < N; n++)
                s += P1m(n, h) * dZ2(n, c);
            dW2(h, c) = s + 2.0 * reg * W2m(h, c);
        }
    for (c = 0; c < C; c++) {
        dB2(c) = 0.0;
        for (n = 0; n < N; n++)
            dB2(c) += dZ2(n, c);
    }

    /* hidden */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            double s = 0.0;
            for (c = 0; c < C; c++)
                s += dZ2(n, c) * W2m(h, c);
            dP1(n, h) = s;
            dZ1(n, h) = Z1m(n, h) > 0.0 ? s : 0.0;
        }

    /* W1, b1 */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            double s = 0.0;
            for (n = 0; n < N; n++)
                s += Xm(n, d) * dZ1(n, h);
            dW1(d, h) = s + 2.0 * reg * W1m(d, h);
        }
    for (h = 0; h < H; h++) {
        dB1(h) = 0.0;
        for (n = 0; n < N; n++)
            dB1(h) += dZ1(n, h);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}

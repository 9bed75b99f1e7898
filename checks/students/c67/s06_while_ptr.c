/* backward.c
 * backprop, two layers.  I walk the buffers with pointers, row start =
 * data + i*tda.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    const double *a, *b, *w;
    double *o, s;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 : prob / N, then take 1/N off at the right class */
    i = 0;
    while (i < N) {
        a = cache->prob->data + i * cache->prob->tda;
        o = g->dz2->data + i * g->dz2->tda;
        k = C;
        while (k--)
            *o++ = *a++ / N;
        i++;
    }
    i = 0;
    while (++i < N)
        g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0 / N;

    /* dW2 = p1^T dz2 + 2 reg W2, and db2 */
    j = 0;
    while (j < H) {
        o = g->dW2->data + j * g->dW2->tda;
        w = net->W2->data + j * net->W2->tda;
        k = 0;
        while (k < C) {
            s = 0.0;
            i = 0;
            while (i < N) {
                s += cache->p1->data[i * cache->p1->tda + j] * g->dz2->data[i * g->dz2->tda + k];
                i++;
            }
            *o++ = s + 2.0 * reg * *w++;
            k++;
        }
        j++;
    }
    k = 0;
    while (k < C) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += g->dz2->data[i * g->dz2->tda + k];
        g->db2->data[k * g->db2->stride] = s;
        k++;
    }

    /* dp1 = dz2 W2^T, dz1 = dp1 masked by z1 > 0 */
    i = 0;
    while (i < N) {
        o = g->dp1->data + i * g->dp1->tda;
        j = 0;
        while (j < H) {
            a = g->dz2->data + i * g->dz2->tda;
            b = net->W2->data + j * net->W2->tda;
            s = 0.0;
            k = C;
            while (k--)
                s += *a++ * *b++;
            *o++ = s;
            g->dz1->data[i * g->dz1->tda + j] =
                cache->z1->data[i * cache->z1->tda + j] > 0.0 ? s : 0.0;
            j++;
        }
        i++;
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    k = 0;
    while (k < D) {
        o = g->dW1->data + k * g->dW1->tda;
        w = net->W1->data + k * net->W1->tda;
        j = 0;
        while (j < H) {
            s = 0.0;
            i = 0;
            while (i < N) {
                s += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
                i++;
            }
            *o++ = s + 2.0 * reg * *w++;
            j++;
        }
        k++;
    }

    /* db1 */
    j = 0;
    while (j < H) {
        s = 0.0;
        i = 0;
        while (i < N)
            s += g->dz1->data[i++ * g->dz1->tda + j];
        g->db1->data[j * g->db1->stride] = s;
        j++;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}

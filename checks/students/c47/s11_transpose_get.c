/* my backward.  flat arrays, my_get/my_put so I don't get the index
   arithmetic wrong every time (learned that the hard way in hw1) */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double my_get(const double *m, size_t r, size_t c, size_t ncols)
{
    return m[r * ncols + c];
}

static void my_put(double *m, size_t r, size_t c, size_t ncols, double v)
{
    m[r * ncols + c] = v;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h, c, d;
    const double *w1 = net->W1->data, *w2 = net->W2->data;
    const double *prob = cache->prob->data, *p1 = cache->p1->data;
    const double *z1 = cache->z1->data, *x = X->data;
    size_t tprob = cache->prob->tda, tp1 = cache->p1->tda;
    size_t tz1 = cache->z1->tda, tx = X->tda;
    size_t t2 = g->dz2->tda, tdp = g->dp1->tda, tdz = g->dz1->tda;
    double v;

    if (N != cache->N)
        return 1;

    /* dz2 */
    n = 0;
    do {
        for (c = 0; c < C; c++) {
            v = my_get(prob, n, c, tprob);
            if (c == y[n])
                v -= 1.0;
            my_put(g->dz2->data, n, c, t2, v / (double) N);
        }
        n++;
    } while (n < N);

    /* dW2 = p1^T dz2 + 2*reg*W2,  db2 = sum_n dz2 */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            v = 0.0;
            for (n = 0; n < N; n++)
                v += my_get(p1, n, h, tp1) * my_get(g->dz2->data, n, c, t2);
            my_put(g->dW2->data, h, c, C, v + 2.0 * reg * my_get(w2, h, c, C));
        }
    for (c = 0; c < C; c++) {
        v = 0.0;
        for (n = 0; n < N; n++)
            v += my_get(g->dz2->data, n, c, t2);
        g->db2->data[c] = v;
    }

    /* dp1 = dz2 . W2^T   (W2^T is C x H) */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            v = 0.0;
            for (c = 0; c < C; c++)
                v += my_get(g->dz2->data, n, c, t2) * my_get(w2, c, h, H);
            my_put(g->dp1->data, n, h, tdp, v);
        }

    /* dz1 */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            my_put(g->dz1->data, n, h, tdz,
                   my_get(z1, n, h, tz1) > 0.0 ? my_get(g->dp1->data, n, h, tdp) : 0.0);

    /* dW1 = x^T dz1 + 2*reg*W1,  db1 */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            v = 0.0;
            for (n = 0; n < N; n++)
                v += my_get(x, n, d, tx) * my_get(g->dz1->data, n, h, tdz);
            my_put(g->dW1->data, d, h, H, v + 2.0 * reg * my_get(w1, d, h, H));
        }
    for (h = 0; h < H; h++) {
        v = 0.0;
        n = 0;
        while (n < N) {
            v += my_get(g->dz1->data, n, h, tdz);
            n++;
        }
        g->db1->data[h] = v;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}

// backward pass, HW4 -- straight on the ->data arrays, faster than get/set
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, r, c) ((m)->data[(r) * (m)->tda + (c)])
#define VEC(v, r)   ((v)->data[(r) * (v)->stride])

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    const double invN = 1.0 / (double)N;
    double *gW2, *gb2, *gW1, *gb1;
    size_t n, h, c, f;

    if (N != cache->N || D != net->D || g->N != N)
        return 1;

    // one block for all four running sums, zeroed by calloc
    gW2 = calloc(H * C + C + D * H + H, sizeof(double));
    if (gW2 == NULL)
        return 1;
    gb2 = gW2 + H * C;
    gW1 = gb2 + C;
    gb1 = gW1 + D * H;

    // weight sums start at the regularisation gradient, 2*reg*W
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            gW2[h * C + c] = 2.0 * reg * AT(net->W2, h, c);
    for (f = 0; f < D; f++)
        for (h = 0; h < H; h++)
            gW1[f * H + h] = 2.0 * reg * AT(net->W1, f, h);

    // ---- pass 1: dz2, db2, dW2, dp1 ----
    for (n = 0; n < N; n++) {
        const double *pr = cache->prob->data + n * cache->prob->tda;
        const double *a1 = cache->p1->data + n * cache->p1->tda;
        double *dz = g->dz2->data + n * g->dz2->tda;
        double *dp = g->dp1->data + n * g->dp1->tda;

        for (c = 0; c < C; c++) {
            dz[c] = (pr[c] - (c == y[n] ? 1.0 : 0.0)) * invN;
            gb2[c] += dz[c];
        }
        for (h = 0; h < H; h++) {
            double acc = 0.0;
            for (c = 0; c < C; c++) {
                gW2[h * C + c] += a1[h] * dz[c];
                acc += dz[c] * AT(net->W2, h, c);
            }
            dp[h] = acc;
        }
    }

    // ---- pass 2: dz1, db1, dW1 ----
    for (n = 0; n < N; n++) {
        const double *x = X->data + n * X->tda;
        const double *z = cache->z1->data + n * cache->z1->tda;
        const double *dp = g->dp1->data + n * g->dp1->tda;
        double *dz = g->dz1->data + n * g->dz1->tda;

        for (h = 0; h < H; h++) {
            dz[h] = z[h] > 0.0 ? dp[h] : 0.0;
            gb1[h] += dz[h];
            for (f = 0; f < D; f++)
                gW1[f * H + h] += x[f] * dz[h];
        }
    }

    // copy the sums into g
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            AT(g->dW2, h, c) = gW2[h * C + c];
    for (c = 0; c < C; c++)
        VEC(g->db2, c) = gb2[c];
    for (f = 0; f < D; f++)
        for (h = 0; h < H; h++)
            AT(g->dW1, f, h) = gW1[f * H + h];
    for (h = 0; h < H; h++)
        VEC(g->db1, h) = gb1[h];

    free(gW2);
    g->present = BP_GRADS_ALL;
    return 0;
}

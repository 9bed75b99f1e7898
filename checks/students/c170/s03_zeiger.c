// Praktikum Maschinelles Lernen - Rueckwaertsrechnung
// direkt auf ->data gearbeitet (mit tda!), weil gsl_matrix_get zu langsam ist

#include "backprop.h"

// Eintrag (i,j) einer gsl_matrix, Zeilenabstand ist tda und nicht size2
#define EL(M, i, j) ((M)->data[(i) * (M)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double invN = 1.0 / (double)N;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    // Ausgangsfehler
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            EL(g->dz2, i, k) = EL(cache->prob, i, k) * invN;
        }
        EL(g->dz2, i, y[i]) -= invN;
    }

    // Gewichte und Bias der zweiten Schicht
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            EL(g->dW2, j, k) = 2.0 * reg * EL(net->W2, j, k);
        }
    }
    for (k = 0; k < C; k++)
    {
        g->db2->data[k * g->db2->stride] = 0.0;
    }
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double d = EL(g->dz2, i, k);
            for (j = 0; j < H; j++)
            {
                EL(g->dW2, j, k) += EL(cache->p1, i, j) * d;
            }
            g->db2->data[k * g->db2->stride] += d;
        }
    }

    // Rueckwaerts in die verborgene Schicht
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
            {
                s += EL(g->dz2, i, k) * EL(net->W2, j, k);
            }
            EL(g->dp1, i, j) = s;
            // p1 > 0 genau dann wenn z1 > 0, also geht auch p1 als Maske
            EL(g->dz1, i, j) = (EL(cache->p1, i, j) > 0.0) ? s : 0.0;
        }
    }

    // erste Schicht
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            EL(g->dW1, k, j) = 2.0 * reg * EL(net->W1, k, j);
        }
    }
    for (j = 0; j < H; j++)
    {
        g->db1->data[j * g->db1->stride] = 0.0;
    }
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double d = EL(g->dz1, i, j);
            if (d == 0.0)
            {
                continue;       // spart Zeit, traegt eh nichts bei
            }
            for (k = 0; k < D; k++)
            {
                EL(g->dW1, k, j) += EL(X, i, k) * d;
            }
            g->db1->data[j * g->db1->stride] += d;
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
